package org.nas4det.fad;

import java.nio.file.Path;
import org.nas4det.core.EngineSettings;

/** Runs a tiny FAD search in its own JVM, so that a test can kill it with SIGKILL. */
public final class FadSearchMain {

    private FadSearchMain() {}

    /**
     * Runs the search.
     *
     * @param args run directory, seed, resume flag
     */
    public static void main(String[] args) {
        EngineSettings.defaults().threads(1).apply();
        killable(Path.of(args[0]), Long.parseLong(args[1])).optResume(Boolean.parseBoolean(args[2])).build().run();
    }

    static Fad.Builder killable(Path dir, long seed) {
        return FadSearchTest.tiny(dir, seed).optIterations(6).optCheckpointEvery(1).optDropAt(4).optFinalIterations(0);
    }
}
