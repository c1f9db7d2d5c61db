package org.nas4det.core.io;

import java.nio.file.Path;

/** A text file (JSON, structure file) whose bytes are not UTF-8: binary, or another encoding. */
public class NotUtf8Exception extends MalformedFileException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * Creates the exception.
     *
     * @param file the file
     * @param offset the byte offset (from 0) where decoding failed
     */
    public NotUtf8Exception(Path file, long offset) {
        super(file, null, "not UTF-8 text: invalid byte at offset " + offset
                + " (a binary file, or text in another encoding? save it as UTF-8)");
        this.offset = offset;
    }

    /** @return the byte offset (from 0) where decoding failed */
    public long offset() {
        return offset;
    }
}
