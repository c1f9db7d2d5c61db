package org.nas4det.core.io;

import java.nio.file.Path;

/**
 * An input file the library was asked to read that does not exist (a JSON or structure file given
 * by path, a saved detector's weights file). Thrown by {@link TextFiles#readUtf8} and the readers
 * built on it ({@link JsonFiles}), and by {@code SavedDetector.load} for a missing
 * {@code detector.params}. It is a {@link MalformedFileException}, so code that catches that (the
 * CLI maps it to exit 2) keeps working; catch this one to tell "missing" from "unreadable".
 */
public class MissingFileException extends MalformedFileException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; the message is {@code <file>: <problem>}.
     *
     * @param file the missing file
     * @param problem what is missing, e.g. {@code file does not exist}
     * @param cause the underlying error (a {@code NoSuchFileException}), or null
     */
    public MissingFileException(Path file, String problem, Throwable cause) {
        super(file, null, problem);
        if (cause != null) {
            initCause(cause);
        }
    }
}
