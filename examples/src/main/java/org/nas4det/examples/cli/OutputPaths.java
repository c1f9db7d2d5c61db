package org.nas4det.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the output paths of a command before any work starts, so that an output folder that is
 * an existing file (or an output file that is a folder) is a usage error naming the option and
 * the path, not a failure after minutes of work.
 */
final class OutputPaths {

    private OutputPaths() {}

    /**
     * Checks a path the command writes a folder to (created if absent).
     *
     * @param option the option, for the message
     * @param dir the folder
     * @throws IllegalArgumentException when it, or a folder above it, is an existing file
     */
    static void directory(String option, Path dir) {
        if (dir.toString().isEmpty()) {
            // Path.of("") is the working directory: an empty argument would write into it.
            throw new IllegalArgumentException(option + " is empty; name a directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": exists and is not a directory; name a directory");
        }
        checkParents(option, dir);
    }

    /**
     * Checks a path the command writes a file to.
     *
     * @param option the option, for the message
     * @param file the file
     * @throws IllegalArgumentException when it is a directory, or a folder above it is a file
     */
    static void file(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": is a directory; name a file");
        }
        checkParents(option, file);
    }

    private static void checkParents(String option, Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException(option + " " + path + ": " + p + " is a file, not a directory");
            }
        }
    }
}
