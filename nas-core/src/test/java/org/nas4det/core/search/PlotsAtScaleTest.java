package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.ProgressBarListener;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.report.PlotListener;
import org.nas4det.core.report.SearchPlots;

/** Plots of large histories: downsampled, redrawn on a time budget, always written at the end, readable. */
class PlotsAtScaleTest {

    private static List<Candidate<ToySpace.Arch>> candidates(int n) {
        Random rng = new Random(8);
        List<Candidate<ToySpace.Arch>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long params = 1000 + rng.nextInt(100_000);
            double score = Math.log(params) + rng.nextGaussian();
            Cost cost = Cost.builder().addParams(params, false).build();
            out.add(new Candidate<>(i, i / 256, i % 256, new ToySpace.Arch(new int[] {i}),
                    Evaluation.of(Map.of("score", score), cost, 0)));
        }
        return out;
    }

    private static void assertReadable(Path dir) throws Exception {
        for (String name : new String[] {"progress", "pareto"}) {
            BufferedImage png = ImageIO.read(dir.resolve(name + ".png").toFile());
            assertThat(png.getWidth()).isEqualTo(800);
            assertThat(png.getHeight()).isEqualTo(500);
            Path svg = dir.resolve(name + ".svg");
            DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
            xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            assertThat(xml.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getNodeName())
                    .isEqualTo("svg");
            // Downsampled: 100,000 markers would take tens of megabytes.
            assertThat(Files.size(svg)).isLessThan(8L << 20);
        }
    }

    @Test
    void chartsOfAHundredThousandCandidatesAreDownsampledAndReadable(@TempDir Path tmp) throws Exception {
        List<Candidate<ToySpace.Arch>> all = candidates(100_000);
        long t0 = System.nanoTime();
        SearchPlots.progress(all, Objective.maximize("score"), tmp.resolve("progress"));
        SearchPlots.pareto(all, Objective.maximize("score"), "params", 50_000, tmp.resolve("pareto"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertReadable(tmp);
        assertThat(seconds).as("drawing 100k candidates").isLessThan(60);
    }

    @Test
    void thePlotListenerRedrawsOnATimeBudgetAndAlwaysAtTheEnd(@TempDir Path tmp) throws Exception {
        SearchProblem<ToySpace.Arch> p =
                SearchProblem.builder(new ToySpace(6), new ToySpace.Objective(0))
                        .optConstraints(Constraints.builder().optMaxParams(60_000).optInput(3, 8, 8).build())
                        .addObjective(Objective.maximize("score"))
                        .optRunDirectory(tmp)
                        .build();
        List<Candidate<ToySpace.Arch>> all = candidates(20_000);
        PlotListener plots = new PlotListener("params");
        long start = System.nanoTime();
        plots.onStart(p, all.size(), 0);
        plots.onGeneration(0, all.subList(0, 256));
        plots.onGeneration(1, all.subList(0, 512));
        Thread.sleep(1000); // time for a wrongly scheduled drawing on the drawer thread to show
        assertThat(tmp.resolve("progress.png")).as("not drawn before the interval (5 s)").doesNotExist();
        Thread.sleep(Math.max(0, 5_500 - (System.nanoTime() - start) / 1_000_000));
        plots.onGeneration(2, all.subList(0, 768));
        // Drawn on the drawer thread at the end of the first generation after the interval.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(tmp.resolve("pareto.svg")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertReadable(tmp);
        Files.delete(tmp.resolve("progress.png"));
        plots.onGeneration(3, all.subList(0, 1024));
        Thread.sleep(500);
        assertThat(tmp.resolve("progress.png")).as("not redrawn within the interval").doesNotExist();
        plots.onFinish(new SearchResult<>(all, p.objectives()));
        assertReadable(tmp);
    }

    @Test
    void aSearchWritesItsPlotsAtTheEnd(@TempDir Path tmp) throws Exception {
        SearchProblem<ToySpace.Arch> p =
                SearchProblem.builder(new ToySpace(6), new ToySpace.Objective(0))
                        .optConstraints(Constraints.builder().optMaxParams(6_000).optInput(3, 8, 8).build())
                        .addObjective(Objective.maximize("score"))
                        .optSeed(5)
                        .optRunDirectory(tmp)
                        .addListener(new ProgressBarListener(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                        .addListener(new PlotListener("params"))
                        .build();
        new RandomSearch<ToySpace.Arch>(60, 10).search(p);
        assertReadable(tmp);
    }
}
