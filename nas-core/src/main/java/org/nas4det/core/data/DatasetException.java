package org.nas4det.core.data;

import java.nio.file.Path;

/**
 * Bad input in a data set: every subclass names the file and the record (image id, annotation
 * id, XML file, line) and says what to change. It extends {@link IllegalArgumentException} so
 * that callers treat it as a user error, never as an internal one.
 */
public class DatasetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String record;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the file with the problem
     * @param record the record (e.g. {@code annotation 17}), or null for the whole file
     * @param problem what is wrong and what to change
     */
    public DatasetException(Path file, String record, String problem) {
        super(file + (record == null ? "" : ": " + record) + ": " + problem);
        this.file = file;
        this.record = record;
        this.problem = problem;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file with the problem
     * @param record the record, or null
     * @param problem what is wrong
     * @param cause the underlying error
     */
    public DatasetException(Path file, String record, String problem, Throwable cause) {
        this(file, record, problem);
        initCause(cause);
    }

    /** @return the file with the problem */
    public Path file() {
        return file;
    }

    /** @return the record, or null for the whole file */
    public String record() {
        return record;
    }

    /** @return what is wrong, without the file and the record */
    public String problem() {
        return problem;
    }
}
