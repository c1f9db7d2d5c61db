package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory holding one method's run is refused to another: they share file names
 * ({@code detector/}, {@code data/}, {@code splits.json}), and a FAD run in an SP-NAS directory
 * overwrote its detector without a word.
 */
class RunDirectoryOwnerTest {

    @Test
    void anotherMethodsRunIsRefusedNamingItAndTheOwnRunPasses(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("spnas.json"), "{}");
        assertThatThrownBy(() -> RunDirectory.requireOwnRun(tmp, "fad.json", "a FAD run"))
                .isInstanceOf(RunDirectoryConflictException.class)
                .hasMessage("run directory " + tmp + " holds an SP-NAS run (spnas.json), not a FAD run: it would overwrite"
                        + " that run's files; use another directory");
        assertThatCode(() -> RunDirectory.requireOwnRun(tmp, "spnas.json", "an SP-NAS run")).doesNotThrowAnyException();
        // Nothing there, or no folder at all: a new run.
        assertThatCode(() -> RunDirectory.requireOwnRun(tmp.resolve("new"), "fad.json", "a FAD run")).doesNotThrowAnyException();
        assertThat(tmp.resolve("new")).doesNotExist();
        Files.createDirectories(tmp.resolve("empty"));
        assertThatCode(() -> RunDirectory.requireOwnRun(tmp.resolve("empty"), "fad.json", "a FAD run")).doesNotThrowAnyException();
    }

    @Test
    void aCheckpointBesideDetNasSettingsIsDetNasAndAloneIsMaeDet(@TempDir Path tmp) throws Exception {
        Path detnas = Files.createDirectories(tmp.resolve("detnas"));
        Files.writeString(detnas.resolve("detnas.json"), "{}");
        Files.writeString(detnas.resolve(RunDirectory.CHECKPOINT), "{}");
        assertThatCode(() -> RunDirectory.requireOwnRun(detnas, "detnas.json", "a DetNAS run")).doesNotThrowAnyException();
        assertThatThrownBy(() -> RunDirectory.requireOwnRun(detnas, RunDirectory.CHECKPOINT, "a MAE-DET search"))
                .hasMessageContaining("holds a DetNAS run (detnas.json), not a MAE-DET search");
        Path maedet = Files.createDirectories(tmp.resolve("maedet"));
        Files.writeString(maedet.resolve(RunDirectory.CHECKPOINT), "{}");
        assertThatThrownBy(() -> RunDirectory.requireOwnRun(maedet, "detnas.json", "a DetNAS run"))
                .hasMessageContaining("holds a MAE-DET search (checkpoint.json), not a DetNAS run");
        assertThatThrownBy(() -> RunDirectory.requireOwnRun(maedet, "quickstart.json", "a quick start"))
                .isInstanceOf(RunDirectoryConflictException.class);
    }

    /** Holds a run directory's lock until killed: {@code args[0]} the directory. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            RunLock lock = RunLock.acquire(Path.of(args[0]), "test run");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
            lock.close();
        }
    }

    @Test
    void aRunDirectoryLockedByAnotherProcessIsRefusedUntilThatProcessIsKilled(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        // In this process: the second run is refused, and the directory is free again once the first ends.
        try (RunLock first = RunLock.acquire(dir, "FAD run")) {
            assertThatThrownBy(() -> RunLock.acquire(dir, "FAD run")).isInstanceOf(RunDirectoryConflictException.class)
                    .hasMessage("run directory " + dir + " is in use by another FAD run (its .lock is locked): wait for that"
                            + " run to end, or use another directory");
        }
        RunLock.acquire(dir, "FAD run").close();
        // Another process, killed with its lock held: the system releases it.
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> RunLock.acquire(dir, "SP-NAS run")).isInstanceOf(RunDirectoryConflictException.class)
                    .hasMessageContaining("is in use by another SP-NAS run");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        RunLock.acquire(dir, "SP-NAS run").close();
    }
}
