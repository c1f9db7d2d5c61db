package org.nas4det.core.data;

import java.nio.file.Path;

/** Two annotations with the same id: the reference COCO tools index annotations by id, so one would silently replace the other. */
public class DuplicateAnnotationIdException extends DatasetException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file with the problem
     * @param record the record, or null
     * @param problem what is wrong and what to change
     */
    public DuplicateAnnotationIdException(Path file, String record, String problem) {
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
    public DuplicateAnnotationIdException(Path file, String record, String problem, Throwable cause) {
        super(file, record, problem, cause);
    }
}
