package org.nas4det.spnas;

import com.google.common.base.Preconditions;
import java.io.Serializable;
import java.util.List;
import org.nas4det.core.train.LearningRateSchedule;

/**
 * The settings of one detector training: iterations, batch size, learning rate, warm-up
 * iterations and the decay (SGD, momentum 0.9, weight decay 1e-4). Without {@code drops} the
 * rate follows the core trainer's cosine decay after a linear warm-up from 0.1 × the rate; with
 * them it follows the paper's mmdetection schedule: a linear warm-up from 0.001 × the rate, then
 * ×0.1 at each given fraction of the iterations (none: constant, as the paper's 3-epoch
 * candidates, whose drops at epochs 10 and 20 are never reached).
 *
 * <p>Built by name as DetNAS's {@code SupernetTraining} is, or positionally:
 *
 * <pre>{@code
 * TrainSettings t = TrainSettings.builder().optIterations(709_632).optBatchSize(4).optLearningRate(0.02f)
 *         .optWarmup(1000).optDropsAt(10.0 / 24, 20.0 / 24).build();
 * TrainSettings same = TrainSettings.stepped(709_632, 4, 0.02f, 1000, 10.0 / 24, 20.0 / 24);
 * TrainSettings longer = t.toBuilder().optIterations(1_000_000).build();
 * }</pre>
 *
 * @param iterations iterations (>= 1)
 * @param batchSize images per batch (>= 1)
 * @param learningRate peak learning rate (> 0)
 * @param warmup linear warm-up iterations (>= 0)
 * @param drops fractions of the iterations at which the rate drops ×0.1, in (0, 1]; null for cosine decay
 */
public record TrainSettings(int iterations, int batchSize, float learningRate, int warmup, List<Double> drops) implements Serializable {

    private static final long serialVersionUID = 2L;

    /** Checks the values: iterations >= 1, batch >= 1, learning rate > 0, warm-up >= 0, drops in (0, 1]. */
    public TrainSettings {
        if (iterations < 1 || batchSize < 1 || !(learningRate > 0) || !Float.isFinite(learningRate) || warmup < 0) {
            throw new IllegalArgumentException("training needs iterations >= 1, batch >= 1, a finite learning rate > 0 and warm-up >= 0, got "
                    + iterations + ", " + batchSize + ", " + learningRate + ", " + warmup);
        }
        if (drops != null) {
            drops = List.copyOf(drops);
            for (double d : drops) {
                if (!(d > 0 && d <= 1)) {
                    throw new IllegalArgumentException("learning-rate drops are fractions of the iterations in (0, 1], got " + drops);
                }
            }
        }
    }

    /**
     * Settings with cosine decay (the core trainer's).
     *
     * @param iterations iterations (>= 1)
     * @param batchSize images per batch (>= 1)
     * @param learningRate peak learning rate (> 0)
     * @param warmup linear warm-up iterations from 0.1 × the rate (>= 0)
     */
    public TrainSettings(int iterations, int batchSize, float learningRate, int warmup) {
        this(iterations, batchSize, learningRate, warmup, null);
    }

    /**
     * Settings with the paper's step schedule.
     *
     * @param iterations iterations (>= 1)
     * @param batchSize images per batch (>= 1)
     * @param learningRate peak learning rate (> 0)
     * @param warmup linear warm-up iterations from 0.001 × the rate (>= 0)
     * @param dropsAt fractions of the iterations where the rate drops ×0.1 (none: constant)
     * @return the settings
     */
    public static TrainSettings stepped(int iterations, int batchSize, float learningRate, int warmup, double... dropsAt) {
        return new TrainSettings(iterations, batchSize, learningRate, warmup, java.util.Arrays.stream(dropsAt).boxed().toList());
    }

    /**
     * @param n other iterations
     * @return these settings with {@code n} iterations (the drops stay fractions)
     */
    public TrainSettings withIterations(int n) {
        return new TrainSettings(n, batchSize, learningRate, warmup, drops);
    }

    /** @return the learning rate of every iteration */
    public LearningRateSchedule schedule() {
        if (drops == null) {
            return LearningRateSchedule.cosineAfterWarmup(learningRate, iterations, warmup);
        }
        int[] at = drops.stream().mapToInt(d -> (int) Math.max(1, Math.min(iterations, Math.round(d * iterations)))).toArray();
        return LearningRateSchedule.steps(learningRate, iterations, at).warmup(Math.min(warmup, iterations), 0.001f, false);
    }

    /** @return a text naming every field (the drops only where set, so cosine settings read as before) */
    public String describe() {
        return "iterations=" + iterations + ", batch=" + batchSize + ", lr=" + learningRate + ", warmup=" + warmup
                + (drops == null ? "" : ", drops=" + drops);
    }

    /** @return a builder holding 1,000 iterations, batch 2, rate 0.01, no warm-up and cosine decay, to be changed */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings, to change some of them */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.iterations = iterations;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.warmup = warmup;
        b.drops = drops;
        return b;
    }

    /** Builds {@link TrainSettings} by name; every value is optional and checked by {@link #build()}. */
    public static final class Builder {
        private int iterations = 1_000;
        private int batchSize = 2;
        private float learningRate = 0.01f;
        private int warmup;
        private List<Double> drops;

        private Builder() {}

        /** @param n iterations, >= 1 (default 1,000); @return this builder */
        public Builder optIterations(int n) {
            this.iterations = n;
            return this;
        }

        /** @param n images per batch, >= 1 (default 2); @return this builder */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** @param lr peak learning rate, > 0 (default 0.01); @return this builder */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param n linear warm-up iterations, >= 0 (default 0); @return this builder */
        public Builder optWarmup(int n) {
            this.warmup = n;
            return this;
        }

        /**
         * Switches to the paper's step schedule (default: cosine decay): ×0.1 at each fraction of
         * the iterations; none gives a constant rate after the warm-up.
         *
         * @param fractions in (0, 1]
         * @return this builder
         */
        public Builder optDropsAt(double... fractions) {
            this.drops = java.util.Arrays.stream(java.util.Objects.requireNonNull(fractions, "optDropsAt: null")).boxed().toList();
            return this;
        }

        /**
         * Switches back to cosine decay after the warm-up (the default), from {@link #optDropsAt}.
         *
         * @return this builder
         */
        public Builder optCosineDecay() {
            this.drops = null;
            return this;
        }

        /** @return the settings; @throws IllegalArgumentException naming the setter of a bad value */
        public TrainSettings build() {
            Preconditions.checkArgument(iterations >= 1, "optIterations: must be >= 1, got %s", iterations);
            Preconditions.checkArgument(batchSize >= 1, "optBatchSize: must be >= 1, got %s", batchSize);
            Preconditions.checkArgument(learningRate > 0 && Float.isFinite(learningRate), "optLearningRate: must be > 0 and finite, got %s",
                    learningRate);
            Preconditions.checkArgument(warmup >= 0, "optWarmup: must be >= 0, got %s", warmup);
            Preconditions.checkArgument(drops == null || drops.stream().allMatch(d -> d > 0 && d <= 1),
                    "optDropsAt: fractions of the iterations in (0, 1], got %s", drops);
            return new TrainSettings(iterations, batchSize, learningRate, warmup, drops);
        }
    }
}
