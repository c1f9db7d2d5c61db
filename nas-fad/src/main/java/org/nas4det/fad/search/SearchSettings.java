package org.nas4det.fad.search;

import com.google.gson.JsonObject;

/**
 * The bilevel optimisation settings (spec §3, scaled by the iteration budget).
 *
 * @param iterations search iterations (17,500 in the release)
 * @param batchSize images per batch, for both steps (4)
 * @param learningRate weight SGD base learning rate (0.004); biases get 2× and no decay
 * @param weightDecay weight SGD decay (1e-4)
 * @param warmup linear warm-up iterations from 1/3 (500)
 * @param dropAt iteration of the ×0.1 drop (12,500)
 * @param clipNorm gradient max-norm on the network weights (20)
 * @param alphaLearningRate Adam learning rate of the alphas (3e-4)
 * @param alphaWeightDecay Adam L2 decay of the alphas (1e-3)
 * @param secondOrder unrolled second-order DARTS instead of first-order
 * @param checkpointEvery iterations between checkpoints (and genotype / alpha records)
 * @param seed the seed
 */
public record SearchSettings(int iterations, int batchSize, float learningRate, float weightDecay, int warmup, int dropAt,
        float clipNorm, float alphaLearningRate, float alphaWeightDecay, boolean secondOrder, int checkpointEvery, long seed) {

    /** Adam β1 of the alphas. */
    public static final float BETA1 = 0.5f;
    /** Adam β2 of the alphas. */
    public static final float BETA2 = 0.999f;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the setting
     */
    public SearchSettings {
        if (iterations < 0) {
            throw new IllegalArgumentException("optIterations: search iterations must be >= 0, got " + iterations);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("optBatchSize: the search batch size must be >= 1, got " + batchSize);
        }
        requireNonNegative("optLearningRate", learningRate);
        requireNonNegative("optAlphaLearningRate", alphaLearningRate);
        requireNonNegative("optWeightDecay", weightDecay);
        requireNonNegative("optAlphaWeightDecay", alphaWeightDecay);
        requireNonNegative("optClipNorm", clipNorm);
        if (warmup < 0) {
            throw new IllegalArgumentException("optWarmup: must be >= 0, got " + warmup);
        }
        if (dropAt < 0) {
            throw new IllegalArgumentException("optDropAt: must be >= 0, got " + dropAt);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("optCheckpointEvery: the checkpoint interval must be >= 1, got " + checkpointEvery);
        }
    }

    private static void requireNonNegative(String setter, float v) {
        if (!(v >= 0) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(setter + ": must be >= 0 and finite, got " + v);
        }
    }

    /** @return the settings as JSON (for the run directory's settings check) */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("iterations", iterations);
        o.addProperty("batch_size", batchSize);
        o.addProperty("learning_rate", learningRate);
        o.addProperty("weight_decay", weightDecay);
        o.addProperty("warmup", warmup);
        o.addProperty("drop_at", dropAt);
        o.addProperty("clip_norm", clipNorm);
        o.addProperty("alpha_learning_rate", alphaLearningRate);
        o.addProperty("alpha_weight_decay", alphaWeightDecay);
        o.addProperty("second_order", secondOrder);
        o.addProperty("checkpoint_every", checkpointEvery);
        o.addProperty("seed", seed);
        return o;
    }
}
