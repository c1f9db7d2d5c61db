package org.nas4det.core.train;

import java.util.Collections;
import java.util.Map;

/**
 * What one training iteration reports: its index, the loss values, the learning rate and the
 * throughput.
 *
 * <pre>{@code float cls = step.losses().get("loss_cls");}</pre>
 */
public final class TrainingStep {

    private final int iteration;
    private final int total;
    private final Map<String, Float> losses;
    private final float learningRate;
    private final double seconds;
    private final int images;
    private final float gradientNorm;

    TrainingStep(int iteration, int total, Map<String, Float> losses, float learningRate, double seconds, int images) {
        this(iteration, total, losses, learningRate, seconds, images, Float.NaN);
    }

    TrainingStep(int iteration, int total, Map<String, Float> losses, float learningRate, double seconds, int images,
            float gradientNorm) {
        this.gradientNorm = gradientNorm;
        this.iteration = iteration;
        this.total = total;
        this.losses = Collections.unmodifiableMap(losses);
        this.learningRate = learningRate;
        this.seconds = seconds;
        this.images = images;
    }

    /** @return the iteration, from 0 */
    public int iteration() {
        return iteration;
    }

    /** @return the planned number of iterations */
    public int total() {
        return total;
    }

    /** @return loss values by name */
    public Map<String, Float> losses() {
        return losses;
    }

    /** @return the sum of the losses */
    public float totalLoss() {
        float s = 0;
        for (float v : losses.values()) {
            s += v;
        }
        return s;
    }

    /**
     * The global gradient norm of the step before clipping: the first sign of a step that is about
     * to blow up, before any loss shows it.
     *
     * @return the norm, NaN when the loop does not clip (and so does not compute it)
     */
    public float gradientNorm() {
        return gradientNorm;
    }

    /** @return the learning rate of the step */
    public float learningRate() {
        return learningRate;
    }

    /** @return wall time of the step in seconds */
    public double seconds() {
        return seconds;
    }

    /** @return images per second of the step */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
