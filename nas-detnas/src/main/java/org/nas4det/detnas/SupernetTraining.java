package org.nas4det.detnas;

import java.util.Locale;
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
            this.iterations = n;
            return this;
        }

        /**
         * @param n images per batch
         * @return this builder
         */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * @param px square side images are resized to (a multiple of 32)
         * @return this builder
         */
        public Builder optImageSize(int px) {
            this.imageSize = px;
            return this;
        }

        /**
         * @param lr base learning rate
         * @return this builder
         */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * @param m SGD momentum
         * @param wd weight decay
         * @return this builder
         */
        public Builder optSgd(float m, float wd) {
            this.momentum = m;
            this.weightDecay = wd;
            return this;
        }

        /**
         * @param iterationsOfWarmup linear warm-up length
         * @param factor starting fraction of the rate
         * @return this builder
         */
        public Builder optWarmup(int iterationsOfWarmup, float factor) {
            this.warmup = iterationsOfWarmup;
            this.warmupFactor = factor;
            return this;
        }

        /**
         * @param maxNorm gradient norm clip, 0 for none
         * @return this builder
         */
        public Builder optClipNorm(float maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * @param eps label smoothing of the classification loss
         * @return this builder
         */
        public Builder optLabelSmoothing(float eps) {
            this.labelSmoothing = eps;
            return this;
        }

        /**
         * @param n iterations between checkpoints
         * @return this builder
         */
        public Builder optCheckpointEvery(int n) {
            this.checkpointEvery = n;
            return this;
        }

        /** @return the settings */
        public SupernetTraining build() {
            if (iterations < 0 || batchSize < 1 || imageSize < 32 || imageSize % 32 != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "supernet training needs iterations >= 0, batch >= 1 and an image size that is a multiple of 32;"
                                + " got %d iterations, batch %d, %d px", iterations, batchSize, imageSize));
            }
            if (checkpointEvery < 1 || labelSmoothing < 0 || labelSmoothing >= 1) {
                throw new IllegalArgumentException("checkpoint interval must be >= 1 and label smoothing in [0, 1)");
            }
            // A typo here would otherwise train the whole schedule without a word (or diverge).
            if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("optLearningRate: the learning rate must be a number > 0, got " + learningRate);
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("optSgd: the momentum must be in [0, 1), got " + momentum);
            }
            if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("optSgd: the weight decay must be a number >= 0, got " + weightDecay);
            }
            return new SupernetTraining(this);
        }
    }
}
