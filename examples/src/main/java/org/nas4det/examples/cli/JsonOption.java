package org.nas4det.examples.cli;

import picocli.CommandLine.Option;

/** {@code --json}, declared once for every command that prints a machine-readable result ({@code @Mixin}). */
final class JsonOption {

    @Option(names = "--json", description = "print the result as one JSON object on stdout (logs stay on stderr)")
    boolean json;
}
