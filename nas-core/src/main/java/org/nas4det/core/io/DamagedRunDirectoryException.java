package org.nas4det.core.io;

import java.nio.file.Path;

/**
 * A file of a run directory that cannot be read back (truncated, emptied, not JSON, a log line
 * damaged in the middle). The message names the file and says what the user can do.
 */
public class DamagedRunDirectoryException extends RunDirectoryConflictException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the damaged file
     * @param problem what is wrong with it
     * @param remedy what the user can do
     */
    public DamagedRunDirectoryException(Path file, String problem, String remedy) {
        super(file + " is damaged: " + problem + "; " + remedy);
        this.file = file;
        this.problem = problem;
    }

    /** @return what is wrong with the file, without the remedy */
    public String problem() {
        return problem;
    }

    /** @return the damaged file */
    public Path file() {
        return file;
    }
}
