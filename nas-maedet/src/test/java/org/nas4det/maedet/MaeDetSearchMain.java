package org.nas4det.maedet;

import java.nio.file.Path;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;

/** Runs a small MAE-DET search in its own JVM, slowed down so that it can be killed mid-way. */
public final class MaeDetSearchMain {

    private MaeDetSearchMain() {}

    /**
     * Runs the search.
     *
     * @param args run directory, seed, resume flag, sleep per candidate in ms
     */
    public static void main(String[] args) {
        long sleep = Long.parseLong(args[3]);
        ClosedFormScore score = new ClosedFormScore();
        Evaluator<MaeDetStructure> slow = new Evaluator<>() {
            @Override
            public Evaluation evaluate(MaeDetStructure s) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return score.evaluate(s);
            }

            @Override
            public String describe() {
                return score.describe();
            }
        };
        MaeDetSearchTest.small(Long.parseLong(args[1])).optScore(slow).optRunDirectory(Path.of(args[0]))
                .optResume(Boolean.parseBoolean(args[2])).build().run();
    }
}
