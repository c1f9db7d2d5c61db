package org.nas4det.core.search;

import com.google.common.util.concurrent.Uninterruptibles;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import org.nas4det.core.io.DamagedRunDirectoryException;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.TextFiles;
import org.nas4det.core.io.Utf8Buffer;

/**
 * The append-only JSON-lines log of a search: one object per evaluated candidate. The file stays
 * open and lines are buffered: they are written (whole lines only, one {@code write} call per
 * batch) when 64 KiB are pending, when 100 ms have passed since the last write, and always on
 * {@link #flush()}, which the search calls before each checkpoint. A kill -9 therefore loses only
 * lines of the generation in progress, which a resumed search evaluates again; the checkpoint never
 * names a candidate the log lacks. {@link #sync()} also forces the file to the disk (the search
 * does it at most every 30 s, at a checkpoint, and at the end: a power cut may lose the last
 * seconds). A half-written last line is cut off by {@link #readAll()}.
 *
 * <p>{@link #appendLater} hands a batch of records to the log's writer thread, which turns them
 * into text and appends them in order while the caller goes on (a search thus does not wait for
 * the text of its candidates: seven decimal numbers a line cost a few microseconds on JDK 17).
 * At most {@value #BATCHES_AHEAD} batches wait; every other method first waits for them, so a
 * flush before a checkpoint still covers every record appended before it, and a kill -9 loses at
 * most the waiting batches besides the lines pending.
 *
 * <pre>{@code log.append(record); log.flush(); List<JsonObject> lines = log.readAll();}</pre>
 */
public final class SearchLog implements AutoCloseable {

    private static final int FLUSH_BYTES = 64 * 1024;
    static final long FLUSH_NANOS = 100_000_000L;
    /**
     * Batches of {@link #appendLater} that may wait for the writer thread before the caller does
     * (the records are the search's own, kept in its history anyway: the lists cost little; the
     * writer's code starts cold while the search's is warm, and four made the search wait).
     */
    static final int BATCHES_AHEAD = 64;

    private final Path path;
    private final Opener opener;
    // The lines not yet written, in UTF-8 (a line's JSON is written into it as bytes).
    private final Utf8Buffer pending = new Utf8Buffer(2 * FLUSH_BYTES);
    private FileChannel channel;
    private long lastWriteNanos = System.nanoTime();
    private final Semaphore ahead = new Semaphore(BATCHES_AHEAD);
    private ExecutorService writer;
    private Future<?> lastBatch;
    private volatile RuntimeException failure;
    private boolean failureReported; // by the caller's thread, once

    /**
     * Creates a log on a file.
     *
     * @param path the JSONL file
     */
    public SearchLog(Path path) {
        this(path, p -> FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Opens the file for appending (a test's opener fails a write half way). */
    interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    SearchLog(Path path, Opener opener) {
        this.path = path;
        this.opener = opener;
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
     * Appends one record as a line (buffered: see the class comment).
     *
     * @param record the record
     */
    public void append(JsonObject record) {
        append(record.toString());
    }

    /**
     * Appends one record, already written as compact JSON text, as a line (buffered: see the
     * class comment).
     *
     * @param json the record's JSON text, without a newline
     */
    public void append(String json) {
        waitForWriter();
        appendNow(json);
    }

    private void appendNow(String json) {
        pending.append(json);
        endLine();
    }

    private void endLine() {
        pending.append('\n');
        if (pending.size() >= FLUSH_BYTES || System.nanoTime() - lastWriteNanos >= FLUSH_NANOS) {
            writePending();
        }
    }

    /**
     * Appends records as lines on the log's writer thread (see the class comment): their text is
     * made there, in order, after every record appended before.
     *
     * @param records the records, not changed afterwards
     * @param toJson appends one record as compact JSON text, without a newline, to the log's buffer
     * @param <T> the record type
     */
    public <T> void appendLater(List<T> records, BiConsumer<? super T, Utf8Buffer> toJson) {
        if (records.isEmpty()) {
            return;
        }
        if (failure != null) {
            waitForWriter(); // reports it
        }
        ahead.acquireUninterruptibly();
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "search-log");
                t.setDaemon(true);
                return t;
            });
        }
        lastBatch = writer.submit(() -> {
            try {
                for (int i = 0; i < records.size() && failure == null; i++) {
                    int lineStart = pending.size();
                    try {
                        toJson.accept(records.get(i), pending);
                    } catch (RuntimeException e) {
                        pending.truncate(lineStart); // no half line
                        throw e;
                    }
                    endLine();
                }
            } catch (RuntimeException e) {
                // Later batches are dropped: the log must not go on with a gap.
                failure = e;
            } finally {
                ahead.release();
            }
        });
    }

    /** Waits until the writer thread has appended every batch handed to it. */
    private void waitForWriter() {
        Future<?> f = lastBatch;
        if (f != null) {
            try {
                // Not cut short by an interrupt (the writer only formats and appends: it ends soon):
                // close() must not shut the file while the writer still appends to it.
                Uninterruptibles.getUninterruptibly(f);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            lastBatch = null;
        }
        if (failure != null) {
            if (failureReported) {
                // A new exception each later time: close() after a failed flush must not hand
                // try-with-resources the same object to suppress into itself.
                throw new IllegalStateException("the search log " + path + " failed earlier: " + failure.getMessage(), failure);
            }
            failureReported = true;
            // The lines before the failed record are sound: keep them, then report.
            try {
                writePending();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
    }

    /** Writes the pending lines to the file (to the operating system: they survive a kill -9). */
    public void flush() {
        waitForWriter();
        writePending();
    }

    private void writePending() {
        lastWriteNanos = System.nanoTime();
        if (pending.size() == 0) {
            return;
        }
        long before = -1;
        try {
            if (channel == null) {
                channel = opener.open(path);
            }
            before = channel.size();
            // Already UTF-8: one write of the buffer's bytes (a full disk may take part of them).
            ByteBuffer bytes = pending.view();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            pending.clear();
        } catch (IOException e) {
            // The pending lines stay for the next try: what of them went out (a full disk) is cut
            // off again, or the retry would write it twice.
            if (before >= 0) {
                try {
                    channel.truncate(before);
                } catch (IOException t) {
                    e.addSuppressed(t);
                }
            }
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    /** Writes the pending lines and forces the file to the disk. */
    public void sync() {
        flush();
        if (channel != null) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync " + path, e);
            }
        }
    }

    /** Writes the pending lines, forces them to the disk and closes the file. */
    @Override
    public void close() {
        // An interrupted search still writes what it evaluated: a FileChannel refuses an interrupted
        // thread (and closes itself), so the flag is set aside while the last lines go out.
        boolean interrupted = Thread.interrupted();
        try {
            sync();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (writer != null) {
                writer.shutdown();
                writer = null;
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot close " + path, e);
                } finally {
                    channel = null;
                }
            }
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
        flush();
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
                            + JsonFiles.syntaxMessage(e) + ")", lineNo == 1
                                    ? "only a torn last line is repaired automatically: delete the log to evaluate again from the start,"
                                            + " or start again in an empty directory"
                                    : "only a torn last line is repaired automatically: cut the log after line " + (lineNo - 1)
                                            + " to resume from the records before it, or start again in an empty directory");
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
