package org.nas4det.core.io;

import java.nio.file.Path;

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

    /**
     * A run directory holding a run cut short, met without resume.
     *
     * <pre>{@code throw RunDirectoryConflictException.unfinished(dir.root(), "FAD run");}</pre>
     *
     * @param root the run directory
     * @param run what it holds, e.g. "FAD run"
     * @return the exception
     */
    public static RunDirectoryConflictException unfinished(Path root, String run) {
        return new RunDirectoryConflictException("run directory " + root + " holds an unfinished " + run
                + ": resume it (optResume(true), --resume), or choose another run directory");
    }

    /**
     * A run directory started with other settings: the one form every method refuses it in,
     * naming the first setting that differs.
     *
     * <pre>{@code throw RunDirectoryConflictException.otherSettings(dir.root(), "a FAD run", key, before.get(key), now.get(key));}</pre>
     *
     * @param root the run directory
     * @param run what it holds, e.g. "a search", "an SP-NAS run"
     * @param key the setting
     * @param was its value when the run was started
     * @param now its value now
     * @return the exception
     */
    public static RunDirectoryConflictException otherSettings(Path root, String run, String key, Object was, Object now) {
        return new RunDirectoryConflictException("run directory " + root + " holds " + run + " with other settings: its " + key
                + " was " + was + ", now " + now + ": run with the settings it was started with, or in another directory");
    }
}
