package org.nas4det.core.io;

/**
 * A file location that cannot be read from here: a URI scheme no file system was found for
 * (the core reads plain paths and {@code file:} URIs; {@code hdfs:}, {@code s3a:} ... need a
 * source that can open them), a malformed URI, or a file that is not there. The message names the
 * location; the command line reports it as bad input (exit 2).
 *
 * <pre>{@code throw new UnreachableLocationException("hdfs://nn/x", "no file system for the scheme", null);}</pre>
 */
public final class UnreachableLocationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param location the location
     * @param why why it cannot be read, one clause
     * @param cause the underlying error, or null
     */
    public UnreachableLocationException(String location, String why, Throwable cause) {
        super("cannot read " + location + ": " + why, cause);
    }
}
