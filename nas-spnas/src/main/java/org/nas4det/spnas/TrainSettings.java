package org.nas4det.spnas;

import java.io.Serializable;

/**
 * The settings of one detector training: iterations, batch size, learning rate and warm-up
 * iterations (SGD, momentum 0.9, weight decay 1e-4, cosine decay: the core trainer's).
 *
 * <pre>{@code TrainSettings t = new TrainSettings(3000, 4, 0.02f, 1000);}</pre>
 *
 * @param iterations iterations (>= 1)
 * @param batchSize images per batch (>= 1)
 * @param learningRate peak learning rate (> 0)
 * @param warmup linear warm-up iterations (>= 0)
 */
public record TrainSettings(int iterations, int batchSize, float learningRate, int warmup) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the values: iterations >= 1, batch >= 1, learning rate > 0, warm-up >= 0. */
    public TrainSettings {
        if (iterations < 1 || batchSize < 1 || !(learningRate > 0) || warmup < 0) {
            throw new IllegalArgumentException("training needs iterations >= 1, batch >= 1, learning rate > 0 and warm-up >= 0, got "
                    + iterations + ", " + batchSize + ", " + learningRate + ", " + warmup);
        }
    }

    /**
     * @param n other iterations
     * @return these settings with {@code n} iterations
     */
    public TrainSettings withIterations(int n) {
        return new TrainSettings(n, batchSize, learningRate, warmup);
    }

    /** @return a text naming every field */
    public String describe() {
        return "iterations=" + iterations + ", batch=" + batchSize + ", lr=" + learningRate + ", warmup=" + warmup;
    }
}
