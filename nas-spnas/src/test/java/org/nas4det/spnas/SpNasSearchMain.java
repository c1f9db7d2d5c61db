package org.nas4det.spnas;

import java.nio.file.Path;

/** A tiny SP-NAS run in its own JVM, for the kill-and-resume test: args = run directory. */
public final class SpNasSearchMain {

    private SpNasSearchMain() {}

    /**
     * The tiny run's settings: 64 px, width 8, 3 serial and 2 parallel samples of 3 iterations,
     * one reignition after one stagnant round, 6 final iterations.
     *
     * @param dir the run directory
     * @return the builder
     */
    static SpNas.Builder tiny(Path dir) {
        return SpNas.cpu().optRunDirectory(dir).optSeed(3).optImageSize(64).optWidth(8).optHeadChannels(16).optTowerDepth(1)
                .optFineTune(new TrainSettings(3, 2, 0.01f, 1)).optSeedIterations(6).optSerialSamples(3).optPatience(1)
                .optMaxReignitions(1).optReignition(new TrainSettings(2, 4, 0.01f, 0)).optParallelSamples(2)
                .optFinalTraining(new TrainSettings(6, 2, 0.01f, 1)).optSyntheticImages(8);
    }

    /**
     * Runs the tiny search, resuming one cut short (the SIGKILL test's second JVM).
     *
     * @param args the run directory
     */
    public static void main(String[] args) {
        tiny(Path.of(args[0])).optResume(true).build().run();
    }
}
