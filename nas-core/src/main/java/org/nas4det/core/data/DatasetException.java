package org.nas4det.core.data;

import java.nio.file.Path;
import org.nas4det.core.io.MalformedFileException;

/**
 * Bad input in a data set: every subclass names the file and the record (image id, annotation
 * id, XML file, line) and says what to change. A {@link MalformedFileException} (an
 * {@link IllegalArgumentException}) that callers treat as a user error, never as an internal one;
 * data-set readers catch this type alone to skip bad records when asked to.
 */
public class DatasetException extends MalformedFileException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file with the problem
     * @param record the record (e.g. {@code annotation 17}), or null for the whole file
     * @param problem what is wrong and what to change
     */
    public DatasetException(Path file, String record, String problem) {
        super(file, record, problem);
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
        super(file, record, problem, cause);
    }
}
