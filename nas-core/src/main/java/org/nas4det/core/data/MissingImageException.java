package org.nas4det.core.data;

import java.nio.file.Path;

/** An image file that does not exist, cannot be read or cannot be decoded. */
public class MissingImageException extends DatasetException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file with the problem
     * @param record the record, or null
     * @param problem what is wrong and what to change
     */
    public MissingImageException(Path file, String record, String problem) {
        super(file, record, problem);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file with the problem
     * @param record the record, or null
     * @param problem what is wrong and what to change
     * @param cause the underlying error
     */
    public MissingImageException(Path file, String record, String problem, Throwable cause) {
        super(file, record, problem, cause);
    }
}
