package org.nas4det.examples.cli;

import picocli.CommandLine.Option;

/** {@code --seed}, declared once for every command that takes one ({@code @Mixin}). */
final class SeedOption {

    @Option(names = "--seed", defaultValue = "0", description = "seed (default ${DEFAULT-VALUE})")
    long seed;
}
