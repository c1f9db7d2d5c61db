package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import com.google.gson.JsonObject;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's writer thread keeps the order of the records and reports a failed batch. */
class SearchLogTest {

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void batchesHandedToTheWriterLandInOrderAmongDirectAppends(@TempDir Path tmp) {
        List<Integer> expected = new ArrayList<>();
        try (SearchLog log = new SearchLog(tmp.resolve("log.jsonl"))) {
            for (int b = 0; b < 3 * SearchLog.BATCHES_AHEAD; b++) {
                log.appendLater(range(100 * b, 100 * b + 50), (i, out) -> out.append("{\"i\":").append(i).append('}'));
                expected.addAll(range(100 * b, 100 * b + 50));
                if (b % 3 == 0) {
                    log.append("{\"i\":" + (100 * b + 99) + "}");
                    expected.add(100 * b + 99);
                }
            }
            List<Integer> read = new ArrayList<>();
            for (JsonObject o : log.readAll()) {
                read.add(o.get("i").getAsInt());
            }
            assertThat(read).isEqualTo(expected);
        }
    }

    @Test
    void aFailedBatchIsReportedAndNothingIsWrittenAfterIt(@TempDir Path tmp) {
        SearchLog log = new SearchLog(tmp.resolve("log.jsonl"));
        log.appendLater(range(0, 3), (i, out) -> out.append("{\"i\":").append(i).append('}'));
        log.appendLater(range(3, 6), (i, out) -> {
            if (i == 4) {
                out.append("{\"i\":");
                throw new IllegalStateException("cannot write record 4");
            }
            out.append("{\"i\":").append(i).append('}');
        });
        // Reported by the next call that meets it: the next batch, or at the latest the flush.
        assertThatThrownBy(() -> {
            log.appendLater(range(6, 9), (i, out) -> out.append("{\"i\":").append(i).append('}'));
            log.flush();
        }).hasMessage("cannot write record 4");
        assertThat(new SearchLog(tmp.resolve("log.jsonl")).readAll()).hasSize(4);
    }

    @Test
    void aWriteCutShortByAFullDiskIsWrittenOnceWhenRetried(@TempDir Path tmp) {
        Path file = tmp.resolve("log.jsonl");
        SearchLog log = new SearchLog(file, p -> new HalfWriteChannel(FileChannel.open(p, CREATE, WRITE, APPEND)));
        log.appendLater(range(0, 3), (i, out) -> out.append("{\"i\":").append(i).append('}'));
        assertThatThrownBy(log::flush).hasMessageContaining("cannot append to");
        log.close(); // the retry, once the disk has room
        assertThat(new SearchLog(file).readAll()).extracting(o -> o.get("i").getAsInt()).containsExactly(0, 1, 2);
    }

    @Test
    void aFullDiskUnderTheWriterIsReportedOnceAndClosingAfterItAddsToItInsteadOfFailing(@TempDir Path tmp) {
        Path file = tmp.resolve("log.jsonl");
        String big = "x".repeat(70 * 1024); // over the 64 KiB that make the writer thread write
        RuntimeException failure = null;
        try (SearchLog log = new SearchLog(file, p -> HalfWriteChannel.full(FileChannel.open(p, CREATE, WRITE, APPEND)))) {
            log.appendLater(range(0, 1), (i, out) -> out.append("{\"s\":\"").append(big).append("\"}"));
            log.flush();
        } catch (RuntimeException e) {
            failure = e;
        }
        // The writer's own failure, naming the file; close() adds its own report to it (it used to
        // throw the same object again, which try-with-resources cannot suppress into itself).
        assertThat(failure).isNotNull().hasMessageContaining("cannot append to").hasMessageContaining("log.jsonl");
        assertThat(failure.getSuppressed()).anySatisfy(s -> assertThat(s).hasMessageContaining("failed earlier"));
    }

    @Test
    void closingAnInterruptedSearchsLogStillWritesEveryBatch(@TempDir Path tmp) {
        SearchLog log = new SearchLog(tmp.resolve("log.jsonl"));
        log.appendLater(range(0, 5), (i, out) -> {
            try {
                Thread.sleep(40); // the writer is still busy when the search closes its log
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            out.append("{\"i\":").append(i).append('}');
        });
        Thread.currentThread().interrupt();
        try {
            log.close();
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
        assertThat(new SearchLog(tmp.resolve("log.jsonl")).readAll()).hasSize(5);
    }

    @Test
    void recordsWithTextBeyondAsciiAreWrittenAsUtf8AndReadBack(@TempDir Path tmp) {
        try (SearchLog log = new SearchLog(tmp.resolve("log.jsonl"))) {
            log.append("{\"name\":\"caf\u00e9 \u4e2d \ud83d\ude00\"}");
            log.appendLater(range(0, 2), (i, out) -> out.append("{\"name\":\"\u00e9").append(i).append("\"}"));
            assertThat(log.readAll()).extracting(o -> o.get("name").getAsString())
                    .containsExactly("caf\u00e9 \u4e2d \ud83d\ude00", "\u00e90", "\u00e91");
        }
    }
}
