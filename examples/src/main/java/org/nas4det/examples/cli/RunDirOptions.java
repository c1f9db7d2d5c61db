package org.nas4det.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --run-dir DIR} and {@code --resume}, declared once ({@code @Mixin}); each command gives
 * its own default directory: {@code @Mixin RunDirOptions run = new RunDirOptions("runs/x");}.
 */
final class RunDirOptions {

    @Option(names = "--run-dir", description = "run directory (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--resume", description = "continue the run in --run-dir; a directory that does not exist is started"
            + " fresh (said on stderr)")
    boolean resume;

    RunDirOptions() {
        this("runs");
    }

    RunDirOptions(String defaultDir) {
        dir = Path.of(defaultDir);
    }

    /**
     * Checks the run directory before any work: a file where the folder should be is a usage
     * error; {@code --resume} of a folder that does not exist says so on stderr.
     *
     * @param spec the command, for its stderr
     * @return the run directory
     */
    Path check(CommandSpec spec) {
        OutputPaths.directory("--run-dir", dir);
        if (resume && !Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("note: --resume: " + dir + " does not exist; starting a new search there");
        }
        return dir;
    }
}
