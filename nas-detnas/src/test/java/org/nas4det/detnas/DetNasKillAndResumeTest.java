package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.search.SigkillHarness;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingStep;

/**
 * A DetNAS run interrupted in fine-tuning, or killed with SIGKILL at a random point of the search,
 * resumes to exactly the uninterrupted result: same supernet file, same search log, same best.
 */
class DetNasKillAndResumeTest {

    @Test
    void interruptedTrainingAndKilledSearchResumeToTheUninterruptedResult(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        DetNasResult expected = DetNasSearchMain.run(ref).build().run();

        // A crash in pre-training (step 3, after its checkpoint at 2) and one in fine-tuning (step 6 =
        // its third step, after its checkpoint at 2), each followed by a resume.
        for (int crashAt : new int[] {3, 6}) {
            Path crashed = tmp.resolve("crashed-" + crashAt);
            TrainingListener crash = new TrainingListener() {
                private int steps;

                @Override
                public void onStep(TrainingStep s) {
                    if (++steps == crashAt) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            };
            assertThatThrownBy(() -> DetNasSearchMain.run(crashed).addTrainingListener(crash).build().run()).hasMessageContaining("simulated crash");
            assertThat(crashed.resolve(DetNasFiles.PRETRAINED).toFile().exists()).isEqualTo(crashAt > 3);
            assertThat(crashed.resolve(DetNasFiles.SUPERNET)).doesNotExist();
            assertThatThrownBy(() -> DetNasSearchMain.run(crashed).build().run()).isInstanceOf(RunDirectoryConflictException.class)
                    .hasMessageContaining("unfinished training");
            DetNasResult resumed = DetNasSearchMain.run(crashed).optResume(true).build().run();
            try (NDManager m = NDManager.newBaseManager()) {
                DetNasSupernet a = DetNasSupernet.load(ref.resolve(DetNasFiles.SUPERNET), m);
                DetNasSupernet b = DetNasSupernet.load(crashed.resolve(DetNasFiles.SUPERNET), m);
                assertSameArrays(a.classifier(), b.classifier());
                assertSameArrays(a.detector(), b.detector());
            }
            SigkillHarness.assertSameLog(crashed, ref);
            assertThat(resumed.best()).isEqualTo(expected.best());
        }

        // SIGKILL during the search (the supernet is reused from the reference run to save time).
        Path killed = tmp.resolve("killed");
        Files.createDirectories(killed);
        for (String f : List.of(DetNasFiles.SETTINGS, DetNasFiles.PRETRAINED, DetNasFiles.SUPERNET)) {
            Files.copy(ref.resolve(f), killed.resolve(f));
        }
        // A generation's lines reach the log together when it ends: a kill point inside the last
        // generation would land after the search's last line. Kill points stop before it.
        List<String> refLog = Files.readAllLines(ref.resolve(RunDirectory.LOG));
        int lastGeneration = refLog.stream().mapToInt(DetNasKillAndResumeTest::generation).max().orElseThrow();
        int beforeLast = (int) refLog.stream().filter(l -> generation(l) < lastGeneration).count();
        int killAfter = SigkillHarness.killPoint("DetNasKillAndResumeTest", beforeLast);
        int before = SigkillHarness.killAfter(DetNasSearchMain.class, List.of(killed.toString(), "false"),
                killed.resolve(RunDirectory.LOG), killAfter);
        assertThat(before).as("kill point %s (seed printed on stderr)", killAfter).isLessThan(refLog.size());
        SigkillHarness.runToEnd(DetNasSearchMain.class, List.of(killed.toString(), "true"), tmp.resolve("resumed.out"));
        SigkillHarness.assertSameLog(killed, ref);
        assertThat(Files.readString(killed.resolve(DetNasFiles.BEST_JSON))).isEqualTo(Files.readString(ref.resolve(DetNasFiles.BEST_JSON)));
        assertThat(SigkillHarness.withoutSeconds(Files.readAllLines(killed.resolve(RunDirectory.BEST))))
                .isEqualTo(SigkillHarness.withoutSeconds(Files.readAllLines(ref.resolve(RunDirectory.BEST))));
        try (NDManager m = NDManager.newBaseManager()) {
            assertSameArrays(SavedDetector.load(killed.resolve(DetNasFiles.BEST_DETECTOR), m).detector(),
                    SavedDetector.load(ref.resolve(DetNasFiles.BEST_DETECTOR), m).detector());
        }
    }

    /** Every parameter and BN statistic bit-identical (files may differ in recorded input shapes). */
    static void assertSameArrays(Block a, Block b) {
        var pa = a.getParameters();
        var pb = b.getParameters();
        assertThat(pb.keys()).isEqualTo(pa.keys());
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i).getValue().getArray().toFloatArray()).as(pa.get(i).getKey())
                    .containsExactly(pa.get(i).getValue().getArray().toFloatArray());
        }
    }

    private static int generation(String logLine) {
        return com.google.gson.JsonParser.parseString(logLine).getAsJsonObject().get("generation").getAsInt();
    }
}
