package org.nas4det.core.io;

import java.nio.file.Path;

/** A JSON file that is missing, unreadable, not valid JSON, or lacks a required field. */
public class MalformedJsonException extends MalformedFileException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file with the problem
     * @param record the record or field, or null for the whole file
     * @param problem what is wrong and what to change
     */
    public MalformedJsonException(Path file, String record, String problem) {
        super(file, record, problem);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file with the problem
     * @param record the record or field, or null
     * @param problem what is wrong and what to change
     * @param cause the underlying error
     */
    public MalformedJsonException(Path file, String record, String problem, Throwable cause) {
        super(file, record, problem, cause);
    }
}
