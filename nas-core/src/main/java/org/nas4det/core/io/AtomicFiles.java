package org.nas4det.core.io;

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
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
