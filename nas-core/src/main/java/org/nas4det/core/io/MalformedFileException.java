package org.nas4det.core.io;

import java.nio.file.Path;

/**
 * A file the library wrote or reads (a run file, a saved model, a settings file) that cannot be
 * read as expected: the message names the file, the record or field when there is one, and what
 * is wrong. It extends {@link IllegalArgumentException} so that callers treat it as a user
 * error. Data-set files report their own {@code DatasetException}s instead.
 */
public class MalformedFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String record;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the file with the problem
     * @param record the record or field (e.g. {@code field 'backbone'}), or null for the whole file
     * @param problem what is wrong and what to change
     */
    public MalformedFileException(Path file, String record, String problem) {
        super(file + (record == null ? "" : ": " + record) + ": " + problem);
        this.file = file;
        this.record = record;
        this.problem = problem;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file with the problem
     * @param record the record or field, or null
     * @param problem what is wrong and what to change
     * @param cause the underlying error
     */
    public MalformedFileException(Path file, String record, String problem, Throwable cause) {
        this(file, record, problem);
        initCause(cause);
    }

    /** @return the file with the problem */
    public Path file() {
        return file;
    }

    /** @return the record or field, or null for the whole file */
    public String record() {
        return record;
    }

    /** @return what is wrong, without the file and record */
    public String problem() {
        return problem;
    }
}
