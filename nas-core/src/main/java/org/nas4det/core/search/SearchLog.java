package org.nas4det.core.search;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.io.DamagedRunDirectoryException;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.TextFiles;

/**
 * The append-only JSON-lines log of a search: one object per evaluated candidate, each written
 * with one {@code write} call and flushed, so a killed run loses at most a half-written last
 * line, which {@link #readAll()} cuts off.
 *
 * <pre>{@code log.append(record); List<JsonObject> lines = log.readAll();}</pre>
 */
public final class SearchLog {

    private final Path path;

    /**
     * Creates a log on a file.
     *
     * @param path the JSONL file
     */
    public SearchLog(Path path) {
        this.path = path;
    }

    /**
     * Opens the candidate log of a run directory ({@link RunDirectory#LOG}).
     *
     * @param dir the run directory
     * @return its log
     */
    public static SearchLog of(RunDirectory dir) {
        return new SearchLog(dir.file(RunDirectory.LOG));
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /**
     * Appends one record as a line.
     *
     * @param record the record
     */
    public void append(JsonObject record) {
        byte[] line = (record.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch =
                FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    /**
     * Reads every complete record. A last line without its newline (a write cut by a kill) is
     * removed from the file; any other unreadable line is an error.
     *
     * @return the records in file order
     * @throws IllegalStateException naming the file and line of a malformed record
     */
    public List<JsonObject> readAll() {
        List<JsonObject> out = new ArrayList<>();
        if (!Files.exists(path)) {
            return out;
        }
        try {
            byte[] bytes = Files.readAllBytes(path);
            int complete = bytes.length;
            while (complete > 0 && bytes[complete - 1] != '\n') {
                complete--;
            }
            if (complete < bytes.length) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    ch.truncate(complete);
                }
            }
            String text = TextFiles.decode(path, java.util.Arrays.copyOf(bytes, complete));
            int lineNo = 0;
            for (String line : text.split("\n", -1)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    // Our own output, read as Gson wrote it (a metric may be NaN, which strict JSON forbids).
                    out.add(JsonParser.parseString(line).getAsJsonObject());
                } catch (JsonParseException | IllegalStateException e) {
                    throw new DamagedRunDirectoryException(path, "line " + lineNo + " is not a complete JSON record ("
                            + JsonFiles.syntaxMessage(e) + ")", "only a torn last line is repaired automatically: cut the log after line "
                            + (lineNo - 1) + " to resume from the records before it, or start again in an empty directory");
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
