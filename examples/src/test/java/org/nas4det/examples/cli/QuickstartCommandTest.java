package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start at a tiny size: repeatable, keeps finished steps, reports a diverged training as such. */
class QuickstartCommandTest {

    /** 8 images of 64 px, 64 children, 4 iterations: seconds, yet every step runs. */
    private static CliRun quickstart(Path dir, String... more) {
        String[] base = {"quickstart", "--run-dir", dir.toString(), "--size", "64", "--images", "8", "--iterations", "4",
            "--search-iterations", "64", "--layers", "16"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void theSameSeedAndThreadsGiveTheSameSummaryAndCurves(@TempDir Path tmp) throws Exception {
        CliRun a = quickstart(tmp.resolve("a"));
        CliRun b = quickstart(tmp.resolve("b"));
        assertThat(a.code).as(a.err).isZero();
        assertThat(b.code).as(b.err).isZero();
        // Byte for byte: every AP, every loss of every step (one process, so one thread count).
        assertThat(Files.readString(tmp.resolve("b/summary.json"))).isEqualTo(Files.readString(tmp.resolve("a/summary.json")));
        for (String d : new String[] {QuickstartCommand.MAEDET, QuickstartCommand.BASELINE}) {
            assertThat(Files.readString(tmp.resolve("b").resolve(d).resolve(QuickstartCommand.CURVE)))
                    .isEqualTo(Files.readString(tmp.resolve("a").resolve(d).resolve(QuickstartCommand.CURVE)));
        }
        assertThat(tmp.resolve("a/losses.png")).exists();
        assertThat(a.out).contains("MAE-DET (searched)").contains("ResNet-18/4 baseline").contains("training loss");
    }

    @Test
    void aDivergedTrainingIsReportedKeptAndRetriedWithResume(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("q");
        // A learning rate of 10^30 cannot train: the first update throws the weights beyond float range.
        CliRun diverged = quickstart(dir, "--lr", "1e30");
        assertThat(diverged.code).as(diverged.err).isEqualTo(CliErrors.TRAINING_FAILED);
        assertThat(diverged.err).containsPattern("training failed: FCOS with the (searched MAE-DET backbone|ResNet-18/4 baseline)"
                + " diverged at iteration \\d+ \\((loss|gradient)").contains("try a lower --lr").doesNotContain("internal error")
                .doesNotContain("at org.");
        assertThat(diverged.out).contains("training diverged at iteration");
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("summary.json"))).getAsJsonObject();
        // Each row is either trained (with metrics) or diverged (with the iteration), never missing.
        int failed = 0;
        for (String row : new String[] {"maedet", "resnet18_quarter"}) {
            JsonObject r = summary.getAsJsonObject(row);
            boolean diverges = r.get("status").getAsString().equals(QuickstartSteps.FAILED);
            assertThat(r.has(diverges ? "diverged_at_iteration" : "metrics")).as(row).isTrue();
            failed += diverges ? 1 : 0;
        }
        assertThat(failed).isPositive();

        // Without --resume the directory is not touched.
        CliRun again = quickstart(dir);
        assertThat(again.code).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(again.err).contains("--resume");

        // With --resume and a sane learning rate: the search is kept, both detectors train.
        long searchLines = Files.readAllLines(dir.resolve("search/search.jsonl")).size();
        CliRun resumed = quickstart(dir, "--resume");
        assertThat(resumed.code).as(resumed.err).isZero();
        assertThat(resumed.err).contains("the search is kept");
        assertThat(Files.readAllLines(dir.resolve("search/search.jsonl"))).hasSize((int) searchLines);
        summary = JsonParser.parseString(Files.readString(dir.resolve("summary.json"))).getAsJsonObject();
        assertThat(summary.getAsJsonObject("resnet18_quarter").get("status").getAsString()).isEqualTo(QuickstartSteps.DONE);

        // A second resume finds every step done and trains nothing.
        CliRun done = quickstart(dir, "--resume");
        assertThat(done.code).as(done.err).isZero();
        assertThat(done.err).contains(QuickstartCommand.MAEDET + ": finished in an earlier run")
                .contains(QuickstartCommand.BASELINE + ": finished in an earlier run");
    }
}
