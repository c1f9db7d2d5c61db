package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Constraints;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Objective;
import org.nas4det.core.ProgressBarListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.report.PlotListener;

class ListenersTest {

    @Test
    void progressBarAndPlotsFollowTheSearch(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SearchProblem<ToySpace.Arch> p =
                SearchProblem.builder(new ToySpace(6), new ToySpace.Objective(0))
                        .optConstraints(Constraints.builder().optMaxParams(6_000).optInput(3, 8, 8).build())
                        .addObjective(Objective.maximize("score"))
                        .optSeed(4)
                        .optRunDirectory(tmp)
                        .addListener(new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                        .addListener(new PlotListener("params"))
                        .build();
        new RandomSearch<ToySpace.Arch>(40, 20).search(p);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("40/40").contains("best score=").contains("cand/s").contains("ETA");
        for (String f : new String[] {"progress.png", "pareto.png"}) {
            assertThat(ImageIO.read(tmp.resolve(f).toFile()).getWidth()).isEqualTo(800);
        }
        assertThat(Files.readString(tmp.resolve("pareto.svg"))).contains("<svg").contains("<path");
        assertThat(Files.readString(tmp.resolve("progress.svg"))).contains("<svg").contains("<path");
        assertThat(tmp.resolve(RunDirectory.CHECKPOINT)).exists();
        assertThat(tmp.resolve(RunDirectory.BEST)).exists();
    }

    @Test
    void aFailedSearchLeavesNoDrawerThreadBehind(@TempDir Path tmp) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ToySpace.Objective toy = new ToySpace.Objective(0);
        SearchProblem<ToySpace.Arch> p =
                SearchProblem.builder(new ToySpace(6), (Evaluator<ToySpace.Arch>) a -> {
                    if (calls.incrementAndGet() > 30) {
                        throw new IllegalStateException("evaluator broke");
                    }
                    return toy.evaluate(a);
                })
                        .optConstraints(Constraints.builder().optMaxParams(6_000).optInput(3, 8, 8).build())
                        .addObjective(Objective.maximize("score"))
                        .optSeed(4)
                        .optRunDirectory(tmp)
                        .addListener(new PlotListener("params"))
                        .build();
        assertThatThrownBy(() -> new RandomSearch<ToySpace.Arch>(40, 20).search(p)).hasMessageContaining("evaluator broke");
        // The listener never hears of the failure (no onFinish): its drawer thread ends once idle.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (drawerThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(drawerThreads()).isZero();
    }

    private static long drawerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("search-plots")).count();
    }

    @Test
    void progressLineShowsCountsAndEta() {
        assertThat(ProgressBarListener.formatSeconds(3725)).isEqualTo("1h02m");
        assertThat(ProgressBarListener.formatSeconds(65)).isEqualTo("1m05s");
    }
}
