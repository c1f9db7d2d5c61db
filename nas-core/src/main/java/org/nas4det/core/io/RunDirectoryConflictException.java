package org.nas4det.core.io;

/**
 * A run directory that does not fit the request: it already holds a search and resume was not
 * asked for, or it holds a search with other settings than the ones resumed.
 */
public class RunDirectoryConflictException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is in the way and what to do
     */
    public RunDirectoryConflictException(String message) {
        super(message);
    }
}
