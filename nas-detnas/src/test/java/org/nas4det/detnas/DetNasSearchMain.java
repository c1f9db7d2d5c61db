package org.nas4det.detnas;

import java.nio.file.Path;
import org.nas4det.core.search.EvolutionSettings;

/**
 * Runs the tiny DetNAS pipeline of {@link DetNasKillAndResumeTest} in its own process.
 * Arguments: run directory, resume (true/false).
 */
public final class DetNasSearchMain {

    private DetNasSearchMain() {}

    static DetNas.Builder run(Path dir) {
        return DetNasRunTest.tiny(dir)
                .evolution(EvolutionSettings.builder().population(6).topK(3).mutants(2, 0.3).crossovers(2, 0.5).generations(3).build());
    }

    public static void main(String[] args) {
        run(Path.of(args[0])).resume(Boolean.parseBoolean(args[1])).run();
    }
}
