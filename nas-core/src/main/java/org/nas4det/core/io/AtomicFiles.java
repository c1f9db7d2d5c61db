package org.nas4det.core.io;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a kill at any moment leaves either the old or the new file, never half of
 * one: the content goes to {@code NAME.tmp} in the same folder, which is then renamed.
 *
 * <pre>{@code AtomicFiles.writeString(Path.of("runs/x/splits.json"), json);}</pre>
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes a UTF-8 text file atomically.
     *
     * @param target the file
     * @param text the content
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writeString(Path target, String text) {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes a binary file atomically (an image, say).
     *
     * @param target the file
     * @param bytes the content
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writeBytes(Path target, byte[] bytes) {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    /**
     * Writes a binary file atomically through a buffered data stream (a block's parameters, say).
     *
     * <pre>{@code AtomicFiles.writeData(dir.resolve("model.params"), block::saveParameters);}</pre>
     *
     * @param target the file
     * @param content writes the content (the stream is flushed and closed after it)
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writeData(Path target, DataContent content) {
        write(target, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                content.writeTo(out);
            }
        });
    }

    /** Writes a file's content to a data stream. */
    @FunctionalInterface
    public interface DataContent {
        /**
         * @param out the stream
         * @throws IOException when it cannot be written
         */
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Writes the content to a temporary file. */
    private interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    /** The content to {@code NAME.tmp}, then the rename; a failed write leaves no temporary file. */
    private static void write(Path target, Content content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            content.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e; // e.g. the engine failing to write an array: its own message
            }
            throw new UncheckedIOException("cannot write " + target, (IOException) e);
        }
    }
}
