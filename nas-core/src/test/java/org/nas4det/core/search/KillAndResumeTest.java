package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.SearchResult;

/** Starts a real search in another JVM, kills it with SIGKILL at a random point and resumes. */
class KillAndResumeTest {

    private static final long SEED = 21;
    private static final int TOTAL = 160;

    @Test
    void aSearchKilledWithSigkillResumesToTheUninterruptedResult(@TempDir Path tmp)
            throws Exception {
        Path ref = tmp.resolve("ref");
        SearchResult<ToySpace.Arch> reference =
                ToySearchMain.strategy().search(ToySearchMain.problem(ref, SEED, false, 0));

        long pick = new Random().nextLong();
        // Anywhere in the first three quarters, so the child is surely still running at the kill.
        int killAfter = 1 + (int) Math.floorMod(pick, (long) (TOTAL * 3 / 4));
        Path dir = tmp.resolve("killed");
        Process p = start(dir, false);
        Path log = dir.resolve(RunDirectory.LOG);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(log) < killAfter && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(p.isAlive()).as("the search ended before the kill point %s", killAfter).isTrue();
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
        int before = lines(log);
        assertThat(before).as("kill point %s", killAfter).isLessThan(TOTAL);

        Process resumed = start(dir, true);
        assertThat(resumed.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue())
                .as(Files.readString(tmp.resolve("child-true.out")))
                .isZero();

        EvolutionSearchTest.assertLogEquals(dir, ref);
        assertThat(EvolutionSearchTest.stripSeconds(Files.readAllLines(dir.resolve(RunDirectory.BEST))))
                .isEqualTo(EvolutionSearchTest.stripSeconds(Files.readAllLines(ref.resolve(RunDirectory.BEST))));
        assertThat(lines(log)).isEqualTo(reference.candidates().size());
    }

    private static Process start(Path dir, boolean resume) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                ToySearchMain.class.getName(),
                                dir.toString(),
                                Long.toString(SEED),
                                Boolean.toString(resume),
                                "5"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.getParent().resolve("child-" + resume + ".out").toFile());
        return pb.start();
    }

    private static int lines(Path log) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(log);
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

}
