package org.nas4det.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Objective;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.report.chart.SvgDocuments;
import org.w3c.dom.Document;

/** The two search charts: their content, in both formats. */
class SearchPlotsTest {

    /** Candidate i has cost 1000 (i + 1) and score i mod 7: the front is the first seven. */
    private static List<Candidate<Architecture>> candidates(int n) {
        List<Candidate<Architecture>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            out.add(new Candidate<>(i, 0, i, () -> "a" + id,
                    Evaluation.of(Map.of("AP<50> & co", (double) (i % 7)), Cost.builder().addConvLayer(1000L * (i + 1)).build(), 0)));
        }
        return out;
    }

    @Test
    void thePointsKeepTheParetoFrontOfRandomCandidatesAsTheyArrive() {
        java.util.Random rng = new java.util.Random(3);
        for (Objective objective : List.of(Objective.maximize("s"), Objective.minimize("s"))) {
            for (int round = 0; round < 200; round++) {
                SearchPlots.Points p = new SearchPlots.Points(objective, "conv_macs");
                List<Candidate<Architecture>> all = new ArrayList<>();
                int n = 1 + rng.nextInt(300);
                for (int i = 0; i < n; i++) {
                    // Few distinct values: ties in score, in cost and in both.
                    double score = rng.nextInt(20) + (rng.nextInt(10) == 0 ? Double.NaN : 0);
                    Cost cost = rng.nextInt(15) == 0 ? null : Cost.builder().addConvLayer(1 + rng.nextInt(40)).build();
                    int id = i;
                    Candidate<Architecture> c = new Candidate<>(i, 0, i, () -> "a" + id, Evaluation.of(Map.of("s", score), cost, 0));
                    all.add(c);
                    p.add(c);
                }
                // Brute force: every distinct (cost, score) with cost and score that no other point dominates.
                java.util.TreeSet<List<Double>> expected = new java.util.TreeSet<>(
                        java.util.Comparator.<List<Double>>comparingDouble(l -> l.get(0)).thenComparingDouble(l -> l.get(1)));
                for (Candidate<Architecture> a : all) {
                    double ua = objective.utility(a.evaluation());
                    if (a.cost() == null || Double.isNaN(ua)) {
                        continue;
                    }
                    boolean dominated = false;
                    for (Candidate<Architecture> b : all) {
                        double ub = objective.utility(b.evaluation());
                        if (b.cost() == null || Double.isNaN(ub)) {
                            continue;
                        }
                        double ca = a.cost().get("conv_macs");
                        double cb = b.cost().get("conv_macs");
                        if (cb <= ca && ub >= ua && (cb < ca || ub > ua)) {
                            dominated = true;
                        }
                    }
                    if (!dominated) {
                        expected.add(List.of(a.cost().get("conv_macs"), objective.value(a.evaluation())));
                    }
                }
                List<List<Double>> kept = new ArrayList<>();
                for (int i : p.front()) {
                    kept.add(List.of(all.get(i).cost().get("conv_macs"), objective.value(all.get(i).evaluation())));
                }
                // By rising cost, each distinct point once.
                assertThat(kept).as("round %d", round).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aListenersPointsDrawTheFrontTheyKept(@TempDir Path tmp) throws Exception {
        SearchPlots.Points p = new SearchPlots.Points(Objective.maximize("AP<50> & co"), "conv_macs");
        candidates(70).forEach(p::add);
        SearchPlots.pareto(p, 35_000, tmp.resolve("pareto"));
        assertThat(SvgDocuments.markerCounts(SvgDocuments.parse(tmp.resolve("pareto.svg")))).containsExactly(70, 7);
        // A copy keeps the front too.
        assertThat(p.copy().front()).containsExactly(p.front());
    }

    @Test
    void progressShowsEveryCandidateOfASmallSearchAndTheBestSoFar(@TempDir Path tmp) throws Exception {
        SearchPlots.progress(candidates(300), Objective.maximize("AP<50> & co"), tmp.resolve("progress"));
        Document doc = SvgDocuments.parse(tmp.resolve("progress.svg"));
        assertThat(SvgDocuments.markerCounts(doc)).containsExactly(300);
        assertThat(SvgDocuments.texts(doc)).contains("Search progress", "candidates evaluated", "AP<50> & co", "candidates", "best so far");
        BufferedImage png = ImageIO.read(tmp.resolve("progress.png").toFile());
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(png.getHeight()).isEqualTo(500);
    }

    @Test
    void progressOfManyCandidatesKeepsTheExtremesOfEachBin(@TempDir Path tmp) throws Exception {
        SearchPlots.progress(candidates(7000), Objective.maximize("AP<50> & co"), tmp.resolve("progress"));
        // Each of the 500 bins holds 14 candidates, scores 0 to 6 among them: its lowest and highest.
        assertThat(SvgDocuments.markerCounts(SvgDocuments.parse(tmp.resolve("progress.svg")))).containsExactly(2 * SearchPlots.PROGRESS_BINS);
    }

    @Test
    void paretoShowsTheFrontAndTheBudget(@TempDir Path tmp) throws Exception {
        SearchPlots.pareto(candidates(70), Objective.maximize("AP<50> & co"), "conv_macs", 35_000, tmp.resolve("pareto"));
        Document doc = SvgDocuments.parse(tmp.resolve("pareto.svg"));
        // 70 points on 70 distinct cost columns of the grid; the front: scores 0..6 at the seven lowest costs.
        assertThat(SvgDocuments.markerCounts(doc)).containsExactly(70, 7);
        assertThat(SvgDocuments.texts(doc)).contains("Score against cost", "conv_macs", "AP<50> & co", "Pareto front", "budget");
        assertThat(Files.exists(tmp.resolve("pareto.png"))).isTrue();
    }

    @Test
    void paretoWithoutBudgetHasNoBudgetLine(@TempDir Path tmp) throws Exception {
        SearchPlots.pareto(candidates(20), Objective.maximize("AP<50> & co"), "conv_macs", Double.NaN, tmp.resolve("pareto"));
        assertThat(SvgDocuments.texts(SvgDocuments.parse(tmp.resolve("pareto.svg")))).contains("Pareto front").doesNotContain("budget");
    }
}
