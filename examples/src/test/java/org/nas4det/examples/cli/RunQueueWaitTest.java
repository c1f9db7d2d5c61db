package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunQueueWaitTest {

    @Test
    void readsTheSecondFieldOfASchedstatLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("schedstat");
        // CPU time, run-queue wait, time slices (nanoseconds, nanoseconds, count)
        Files.writeString(f, "1234567890 4500000 321\n");
        assertThat(RunQueueWait.nanos(f)).isEqualTo(4_500_000L);
    }

    @Test
    void aMissingOrMalformedFileIsUnknown(@TempDir Path dir) throws Exception {
        assertThat(RunQueueWait.nanos(dir.resolve("absent"))).isEqualTo(-1);
        Path f = dir.resolve("schedstat");
        Files.writeString(f, "12345\n");
        assertThat(RunQueueWait.nanos(f)).isEqualTo(-1);
        Files.writeString(f, "a b c\n");
        assertThat(RunQueueWait.nanos(f)).isEqualTo(-1);
    }

    @Test
    void neverGoesBackWhileThisThreadRunsOnLinux() {
        long w = RunQueueWait.nanos();
        // Elsewhere unknown; on Linux a count of nanoseconds that never goes back.
        assertThat(w).isGreaterThanOrEqualTo(-1);
        if (w >= 0) {
            assertThat(RunQueueWait.nanos()).isGreaterThanOrEqualTo(w);
        }
    }
}
