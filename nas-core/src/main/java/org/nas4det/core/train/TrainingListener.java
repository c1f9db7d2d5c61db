package org.nas4det.core.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Hears a training run. Every method has an empty default.
 *
 * <pre>{@code loop.addTrainingListener(TrainingListener.progressBar());}</pre>
 */
public interface TrainingListener {

    /**
     * Called once before the first step.
     *
     * @param startIteration the first iteration to run (more than 0 when resumed)
     * @param total the planned number of iterations
     */
    default void onStart(int startIteration, int total) {}

    /**
     * Called after each step.
     *
     * @param step what the step reports
     */
    default void onStep(TrainingStep step) {}

    /**
     * Called after a periodic evaluation.
     *
     * @param iteration iterations done
     * @param metrics the metrics
     */
    default void onEvaluation(int iteration, Map<String, Double> metrics) {}

    /**
     * Called after a checkpoint was written.
     *
     * @param iteration iterations done
     * @param directory the checkpoint folder
     */
    default void onCheckpoint(int iteration, Path directory) {}

    /**
     * Called once at the end.
     *
     * @param iterations iterations done
     */
    default void onFinish(int iterations) {}

    /** @return a console progress bar on stderr: iteration, losses, images/s, ETA */
    static TrainingListener progressBar() {
        return new TrainingProgressBar(System.err);
    }
}
