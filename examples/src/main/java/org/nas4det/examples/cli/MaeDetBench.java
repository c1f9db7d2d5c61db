package org.nas4det.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import org.nas4det.core.Constraints;
import org.nas4det.core.SearchResult;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.maedet.ClosedFormScore;
import org.nas4det.maedet.EntropyScore;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetEvolution;
import org.nas4det.maedet.MaeDetSpace;
import org.nas4det.maedet.MaeDetStructure;
import org.nas4det.maedet.StageWeights;

/** BENCHMARKS.md {@code maedet-score} and {@code maedet-search}. */
final class MaeDetBench {

    private MaeDetBench() {}

    /** The forward entropy score of one structure: one repeat, batch 8, 224x224. */
    static JsonObject score(MaeDetStructure s, int warmup, int iters) {
        EntropyScore score = new EntropyScore(8, 224, 1, 0, StageWeights.maeDet(), Engine.getInstance().defaultDevice());
        double value = 0;
        double[] ms = new double[iters];
        RepetitionClock cpu = new RepetitionClock(warmup, iters);
        for (int i = 0; i < warmup + iters; i++) {
            long t0 = System.nanoTime();
            cpu.start();
            value = score.evaluate(s).metric("score");
            cpu.lap(i);
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("workload", "maedet-score");
        o.addProperty("batch", 8);
        o.addProperty("input", "3x224x224");
        o.addProperty("score", value);
        BenchCommand.timings(o, "ms_per_candidate", ms, iters, warmup);
        cpu.put(o, "ms_per_candidate");
        return o;
    }

    /** The closed-form evolution: population 256, 20,000 children, ResNet-50's MACs at 480 and 91 layers. */
    static JsonObject search(int warmup, int iters) {
        long budget = CostModel.count(ResNets.body(50), new Shape(1, 3, 480, 480)).convMacs();
        int children = 20_000;
        double best = 0;
        int evaluated = 0;
        double[] rate = new double[iters];
        for (int i = 0; i < warmup + iters; i++) {
            long t0 = System.nanoTime();
            SearchResult<MaeDetStructure> r = MaeDet.builder()
                    .optSpace(MaeDetSpace.builder().optImageSize(480).optBudgetLayers(91).build())
                    .optConstraints(Constraints.builder().optMaxMacs(budget).optMaxLayers(91).optInput(3, 480, 480).build())
                    .optScore(new ClosedFormScore()).optEvolution(MaeDetEvolution.builder().optPopulation(256).optChildren(children).build()).optSeed(0).build().run()
                    .candidates();
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = r.best().evaluation().metric("score");
            evaluated = r.candidates().size();
            if (i >= warmup) {
                // Children drawn (as counted, and the initial structure) per second: the repeats and
                // over-budget draws count, unevaluated, as in the reference's loop.
                rate[i - warmup] = (1 + children) / seconds;
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("workload", "maedet-search");
        o.addProperty("population", 256);
        o.addProperty("children", children);
        o.addProperty("budget_conv_macs", budget);
        o.addProperty("budget_layers", 91);
        o.addProperty("evaluated", evaluated);
        o.addProperty("best_score", best);
        BenchCommand.timings(o, "candidates_per_s", rate, iters, warmup);
        return o;
    }
}
