package org.nas4det.spark;

import ai.djl.engine.Engine;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.Constraints;
import org.nas4det.maedet.EntropyScore;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetEvolution;
import org.nas4det.maedet.MaeDetSpace;
import org.nas4det.maedet.StageWeights;

/** The small MAE-DET searches the Spark tests run, in-process and on Spark, and the kill test's main. */
public final class SparkSearches {

    private SparkSearches() {}

    /** A tiny entropy score: a forward pass per candidate, seeded per repeat. */
    static EntropyScore entropy() {
        return new EntropyScore(1, 64, 2, 3, StageWeights.maeDet(), Engine.getInstance().defaultDevice());
    }

    /**
     * A search of 4 rounds of 8 children (33 candidates with the initial structure).
     *
     * @param dir the run directory
     * @param executor who scores
     * @return the builder
     */
    static MaeDet.Builder small(Path dir, CandidateExecutor executor) {
        return MaeDet.builder().optSpace(MaeDetSpace.builder().optImageSize(224).optBudgetLayers(40).build())
                .optConstraints(Constraints.builder().optMaxMacs(2.5e9).optMaxLayers(40).optInput(3, 224, 224).build())
                .optEvolution(MaeDetEvolution.builder().optPopulation(8).optChildren(32).optRound(8).build())
                .optSeed(11).optScore(entropy()).optRunDirectory(dir).optExecutor(executor);
    }

    /** @return the {@code --add-opens} options and the engine threads of this JVM, for a child JVM that runs Spark */
    static List<String> sparkJvmOptions() {
        List<String> o = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).collect(Collectors.toList());
        o.add("-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "1"));
        return o;
    }

    /**
     * Runs the small search on Spark local[2], for the kill test.
     *
     * @param args run directory, resume flag
     */
    public static void main(String[] args) {
        try (SparkExecutor spark = SparkExecutor.builder().optMaster("local[2]").build()) {
            small(Path.of(args[0]), spark).optResume(Boolean.parseBoolean(args[1])).build().run();
        }
    }
}
