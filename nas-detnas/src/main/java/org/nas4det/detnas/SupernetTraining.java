package org.nas4det.detnas;

import com.google.common.base.Preconditions;
import java.util.Locale;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.train.LearningRateSchedule;

/**
 * Settings of one supernet training step (classification pre-training or detection fine-tuning):
 * iterations, batch, image size, SGD, schedule, clipping, checkpoint interval. The presets are the
 * published ones (design/detnas.md section 2); long runs are meant for a GPU, so CPU-sized runs
 * override the iterations, batch and image size.
 *
 * <pre>{@code SupernetTraining t = SupernetTraining.paperPretraining().optIterations(500).optBatchSize(32).optImageSize(64).build();}</pre>
 */
public final class SupernetTraining {

    private final int iterations;
    private final int batchSize;
    private final int imageSize;
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final boolean linearDecay;
    private final float[] milestones;
    private final int warmup;
    private final float warmupFactor;
    private final float clipNorm;
    private final float labelSmoothing;
    private final int checkpointEvery;

    private SupernetTraining(Builder b) {
        this.iterations = b.iterations;
        this.batchSize = b.batchSize;
        this.imageSize = b.imageSize;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.linearDecay = b.linearDecay;
        this.milestones = b.milestones.clone();
        this.warmup = b.warmup;
        this.warmupFactor = b.warmupFactor;
        this.clipNorm = b.clipNorm;
        this.labelSmoothing = b.labelSmoothing;
        this.checkpointEvery = b.checkpointEvery;
    }

    /**
     * The official ImageNet pre-training of the supernet: 300k iterations of batch 1024 at 224,
     * SGD 0.5 linearly decayed to 0, momentum 0.9, weight decay 4e-5 (not on BN or biases),
     * label smoothing 0.1.
     *
     * @return a builder holding the preset
     */
    public static Builder paperPretraining() {
        Builder b = new Builder();
        b.iterations = 300_000;
        b.batchSize = 1024;
        b.imageSize = 224;
        b.learningRate = 0.5f;
        b.weightDecay = 4e-5f;
        b.linearDecay = true;
        b.labelSmoothing = 0.1f;
        return b;
    }

    /**
     * The paper's COCO fine-tuning schedule with the learning rate of an FCOS / RetinaNet head:
     * 90k iterations of batch 16 at 800, SGD 0.01, momentum 0.9, weight decay 1e-4 (not on BN or
     * biases), ×0.1 at 2/3 and 8/9 of the run, linear warm-up of 500 iterations from 1/3,
     * gradient norm clipped at 10.
     *
     * @return a builder holding the preset
     */
    public static Builder paperFinetuning() {
        Builder b = new Builder();
        b.iterations = 90_000;
        b.batchSize = 16;
        b.imageSize = 800;
        b.learningRate = 0.01f;
        b.weightDecay = 1e-4f;
        b.milestones = new float[] {2f / 3, 8f / 9};
        b.warmup = 500;
        b.warmupFactor = 1f / 3;
        b.clipNorm = 10f;
        return b;
    }

    /**
     * Pre-training in minutes on 2 CPU cores (the synthetic classification set): 400 iterations
     * of 32 images at 32 px, learning rate 0.02 (the paper's 0.5 at batch 1024 scaled to batch
     * 32), warm-up of 100 iterations from 0.1, a checkpoint every 100 iterations.
     *
     * @return a builder holding the preset
     */
    public static Builder cpuPretraining() {
        return paperPretraining().optIterations(400).optBatchSize(32).optImageSize(32).optLearningRate(0.02f)
                .optWarmup(100, 0.1f).optCheckpointEvery(100);
    }

    /**
     * Fine-tuning in minutes on 2 CPU cores (the synthetic shapes): 400 iterations of 8 images at
     * 128 px, warm-up of 50 iterations from 1/3, a checkpoint every 100 iterations.
     *
     * @return a builder holding the preset
     */
    public static Builder cpuFinetuning() {
        return paperFinetuning().optIterations(400).optBatchSize(8).optImageSize(128).optWarmup(50, 1f / 3)
                .optCheckpointEvery(100);
    }

    /**
     * A builder holding these settings, to change some of them.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.iterations = iterations;
        b.batchSize = batchSize;
        b.imageSize = imageSize;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.linearDecay = linearDecay;
        b.milestones = milestones.clone();
        b.warmup = warmup;
        b.warmupFactor = warmupFactor;
        b.clipNorm = clipNorm;
        b.labelSmoothing = labelSmoothing;
        b.checkpointEvery = checkpointEvery;
        return b;
    }

    /** @return the base learning rate */
    public float learningRate() {
        return learningRate;
    }

    /** @return iterations (0 skips the step) */
    public int iterations() {
        return iterations;
    }

    /** @return images per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the square side images are resized to */
    public int imageSize() {
        return imageSize;
    }

    /** @return SGD momentum */
    public float momentum() {
        return momentum;
    }

    /** @return weight decay (BN parameters and biases exempt) */
    public float weightDecay() {
        return weightDecay;
    }

    /** @return gradient norm clip, 0 for none */
    public float clipNorm() {
        return clipNorm;
    }

    /** @return label smoothing of the classification loss */
    public float labelSmoothing() {
        return labelSmoothing;
    }

    /** @return iterations between checkpoints */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** @return the learning-rate schedule over {@link #iterations()} */
    public LearningRateSchedule schedule() {
        int total = Math.max(1, iterations);
        LearningRateSchedule s;
        if (linearDecay) {
            s = LearningRateSchedule.linear(learningRate, total);
        } else {
            int[] at = new int[milestones.length];
            for (int i = 0; i < at.length; i++) {
                at[i] = Math.round(milestones[i] * total);
            }
            s = LearningRateSchedule.steps(learningRate, total, at);
        }
        return warmup > 0 ? s.warmup(Math.min(warmup, total), warmupFactor, false) : s;
    }

    /** @return a one-line description */
    public String describe() {
        return String.format(Locale.ROOT, "%d iterations, batch %d at %d px, sgd lr %s momentum %s wd %s, %s%s",
                iterations, batchSize, imageSize, learningRate, momentum, weightDecay, schedule().describe(),
                clipNorm > 0 ? ", clip " + clipNorm : "");
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Builds {@link SupernetTraining}, starting from a preset. */
    public static final class Builder {
        private int iterations;
        private int batchSize;
        private int imageSize;
        private float learningRate;
        private float momentum = 0.9f;
        private float weightDecay;
        private boolean linearDecay;
        private float[] milestones = new float[0];
        private int warmup;
        private float warmupFactor = 1f;
        private float clipNorm;
        private float labelSmoothing;
        private int checkpointEvery = 1000;

        private Builder() {}

        /**
         * @param n iterations; 0 skips the step
         * @return this builder
         */
        public Builder optIterations(int n) {
            Preconditions.checkArgument(n >= 0, "optIterations: must be >= 0 (0 skips the step), got %s", n);
            this.iterations = n;
            return this;
        }

        /**
         * @param n images per batch, 1 or more
         * @return this builder
         */
        public Builder optBatchSize(int n) {
            Preconditions.checkArgument(n >= 1, "optBatchSize: must be >= 1, got %s", n);
            this.batchSize = n;
            return this;
        }

        /**
         * @param px square side images are resized to (a multiple of 32)
         * @return this builder
         */
        public Builder optImageSize(int px) {
            Preconditions.checkArgument(px >= 32 && px <= DetectorSpec.MAX_INPUT_SIZE && px % 32 == 0,
                    "optImageSize: must be a multiple of 32 from 32 to %s, got %s", DetectorSpec.MAX_INPUT_SIZE, px);
            this.imageSize = px;
            return this;
        }

        /**
         * @param lr base learning rate, a number above 0
         * @return this builder
         */
        public Builder optLearningRate(float lr) {
            // A typo here would otherwise train the whole schedule without a word (or diverge).
            Preconditions.checkArgument(lr > 0 && !Float.isInfinite(lr), "optLearningRate: the learning rate must be a number > 0, got %s", lr);
            this.learningRate = lr;
            return this;
        }

        /**
         * @param m SGD momentum, in [0, 1)
         * @param wd weight decay, a number >= 0
         * @return this builder
         */
        public Builder optSgd(float m, float wd) {
            Preconditions.checkArgument(m >= 0 && m < 1, "optSgd: the momentum must be in [0, 1), got %s", m);
            Preconditions.checkArgument(wd >= 0 && !Float.isInfinite(wd), "optSgd: the weight decay must be a number >= 0, got %s", wd);
            this.momentum = m;
            this.weightDecay = wd;
            return this;
        }

        /**
         * @param iterationsOfWarmup linear warm-up length, 0 or more
         * @param factor starting fraction of the rate, in (0, 1]
         * @return this builder
         */
        public Builder optWarmup(int iterationsOfWarmup, float factor) {
            Preconditions.checkArgument(iterationsOfWarmup >= 0, "optWarmup: the warm-up length must be >= 0, got %s", iterationsOfWarmup);
            Preconditions.checkArgument(factor > 0 && factor <= 1, "optWarmup: the starting fraction must be in (0, 1], got %s", factor);
            this.warmup = iterationsOfWarmup;
            this.warmupFactor = factor;
            return this;
        }

        /**
         * @param maxNorm gradient norm clip, 0 for none
         * @return this builder
         */
        public Builder optClipNorm(float maxNorm) {
            Preconditions.checkArgument(maxNorm >= 0, "optClipNorm: must be >= 0 (0 for none), got %s", maxNorm);
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * @param eps label smoothing of the classification loss, in [0, 1)
         * @return this builder
         */
        public Builder optLabelSmoothing(float eps) {
            Preconditions.checkArgument(eps >= 0 && eps < 1, "optLabelSmoothing: must be in [0, 1), got %s", eps);
            this.labelSmoothing = eps;
            return this;
        }

        /**
         * @param n iterations between checkpoints, 1 or more
         * @return this builder
         */
        public Builder optCheckpointEvery(int n) {
            Preconditions.checkArgument(n >= 1, "optCheckpointEvery: must be >= 1, got %s", n);
            this.checkpointEvery = n;
            return this;
        }

        /** @return the settings */
        public SupernetTraining build() {
            // Every value was checked by its setter, and the presets the builder starts from are valid.
            return new SupernetTraining(this);
        }
    }
}
