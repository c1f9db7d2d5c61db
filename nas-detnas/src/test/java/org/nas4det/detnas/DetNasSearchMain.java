package org.nas4det.detnas;

import java.nio.file.Path;
import org.nas4det.core.search.EvolutionSettings;

/**
 * Runs the tiny DetNAS pipeline of {@link DetNasKillAndResumeTest} in its own process.
 * Arguments: run directory, resume (true/false).
 */
public final class DetNasSearchMain {

    private DetNasSearchMain() {}

    static DetNasBuilder run(Path dir) {
        return DetNasRunTest.tiny(dir)
                .optEvolution(EvolutionSettings.builder().optPopulation(6).optTopK(3).optMutants(2, 0.3).optCrossovers(2, 0.5).optGenerations(3).build());
    }

    public static void main(String[] args) {
        run(Path.of(args[0])).optResume(Boolean.parseBoolean(args[1])).build().run();
    }
}
