package org.nas4det.maedet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.search.SigkillHarness;

/** A MAE-DET search killed with SIGKILL at a random point resumes to the uninterrupted result. */
class MaeDetKillAndResumeTest {

    @Test
    void sigkillThenResumeGivesTheSameSearch(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        MaeDetSearchTest.small(7).optRunDirectory(ref).build().run().candidates();
        int killAfter = SigkillHarness.killPoint("MaeDetKillAndResumeTest", 70);
        Path dir = tmp.resolve("killed");
        int before = SigkillHarness.killAfter(MaeDetSearchMain.class, List.of(dir.toString(), "7", "false", "10"),
                dir.resolve(RunDirectory.LOG), killAfter);
        assertThat(before).as("kill point %s (seed printed on stderr)", killAfter).isLessThan(97);
        SigkillHarness.runToEnd(MaeDetSearchMain.class, List.of(dir.toString(), "7", "true", "0"), tmp.resolve("resumed.out"));
        SigkillHarness.assertSameLog(dir, ref);
        assertThat(MaeDetStructure.read(dir.resolve(MaeDet.BEST_STRUCTURE))).isEqualTo(MaeDetStructure.read(ref.resolve(MaeDet.BEST_STRUCTURE)));
        assertThat(SigkillHarness.withoutSeconds(Files.readAllLines(dir.resolve(RunDirectory.BEST))))
                .isEqualTo(SigkillHarness.withoutSeconds(Files.readAllLines(ref.resolve(RunDirectory.BEST))));
    }
}
