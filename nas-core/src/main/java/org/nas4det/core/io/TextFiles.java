package org.nas4det.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the text files users bring (JSON, structure files) as strict UTF-8, so that a binary or
 * mis-encoded file is reported as such, with the byte where decoding failed, instead of the JDK's
 * bare {@code Input length = 1}.
 *
 * <pre>{@code String text = TextFiles.readUtf8(Path.of("arch.json"));}</pre>
 */
public final class TextFiles {

    private TextFiles() {}

    /**
     * Reads a whole file as UTF-8.
     *
     * @param file the file
     * @return its text
     * @throws NotUtf8Exception when the bytes are not UTF-8, naming the byte offset
     * @throws MissingFileException when the file does not exist, naming it
     * @throws MalformedFileException when the path is a directory
     * @throws UncheckedIOException for other I/O failures
     */
    public static String readUtf8(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new MalformedFileException(file, null, "is a directory, not a file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MissingFileException(file, "file does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return decode(file, bytes);
    }

    /**
     * Decodes bytes as strict UTF-8.
     *
     * @param file the file they come from, for the message
     * @param bytes the bytes
     * @return the text
     * @throws NotUtf8Exception at the first byte that is not UTF-8
     */
    public static String decode(Path file, byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more chars than bytes: one buffer of that size always suffices.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            throw new NotUtf8Exception(file, in.position());
        }
        out.flip();
        return out.toString();
    }
}
