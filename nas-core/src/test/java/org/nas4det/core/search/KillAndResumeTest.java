package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.SearchResult;
import org.nas4det.core.io.RunDirectory;

/** Starts a real search in another JVM, kills it with SIGKILL at a random point and resumes. */
class KillAndResumeTest {

    private static final long SEED = 21;
    private static final int TOTAL = 160;

    @Test
    void aSearchKilledWithSigkillResumesToTheUninterruptedResult(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        SearchResult<ToySpace.Arch> reference =
                ToySearchMain.strategy().search(ToySearchMain.problem(ref, SEED, false, 0));

        // Anywhere in the first three quarters, so the child is surely still running at the kill.
        int killAfter = SigkillHarness.killPoint("KillAndResumeTest", TOTAL * 3 / 4);
        Path dir = tmp.resolve("killed");
        Path log = dir.resolve(RunDirectory.LOG);
        int before = SigkillHarness.killAfter(ToySearchMain.class, List.of(dir.toString(), Long.toString(SEED), "false", "5"), log, killAfter);
        assertThat(before).as("kill point %s (seed printed on stderr)", killAfter).isLessThan(TOTAL);

        SigkillHarness.runToEnd(ToySearchMain.class, List.of(dir.toString(), Long.toString(SEED), "true", "5"), tmp.resolve("resumed.out"));

        SigkillHarness.assertSameLog(dir, ref);
        assertThat(SigkillHarness.withoutSeconds(Files.readAllLines(dir.resolve(RunDirectory.BEST))))
                .isEqualTo(SigkillHarness.withoutSeconds(Files.readAllLines(ref.resolve(RunDirectory.BEST))));
        assertThat(SigkillHarness.lines(log)).isEqualTo(reference.candidates().size());
    }
}
