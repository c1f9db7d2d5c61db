package org.nas4det.core.detect;

/**
 * The settings of Faster R-CNN with FPN, defaulting to torchvision's {@code FasterRCNN} (and
 * MMDetection's {@code faster_rcnn_r50_fpn}): every one configurable.
 *
 * <ul>
 *   <li>RPN anchors: one size per level, {@code 8 · stride} (32, 64, 128, 256, 512 on P2–P6),
 *       ratios h/w 0.5, 1, 2, centred on {@code (j·stride, i·stride)}, rounded as torchvision.
 *   <li>RPN assignment: IoU ≥ 0.7 positive, &lt; 0.3 negative, each box's best anchors positive
 *       too (low-quality matches); 256 anchors sampled per image, at most half positive.
 *   <li>Proposals: top 2,000 (test 1,000) per level by objectness, boxes clipped, those under
 *       1e-3 px dropped, NMS 0.7 within each level, the best 2,000 (test 1,000) per image kept.
 *   <li>RPN losses: binary cross-entropy over the sampled anchors (mean), smooth L1 (β 1/9) on
 *       the positives' deltas / #sampled.
 *   <li>RoI head: the ground-truth boxes join the proposals; IoU ≥ 0.5 foreground, else
 *       background; 512 RoIs per image at 25 % positives; RoIAlign 7×7, sampling ratio 2,
 *       aligned, on P2–P5 by the canonical level mapping {@code ⌊4 + log2(√area / 224)⌋};
 *       two 1,024-d FC layers; class-specific deltas with weights (10, 10, 5, 5); cross-entropy
 *       (mean) + smooth L1 (β 1/9) / #sampled.
 *   <li>Inference: softmax scores above 0.05, boxes under 0.01 px dropped, NMS 0.5 per class,
 *       100 detections per image.
 * </ul>
 *
 * <pre>{@code FasterRcnnSettings s = FasterRcnnSettings.builder().optRois(256, 0.25f, 0.5f).build();}</pre>
 */
public final class FasterRcnnSettings {

    final float rpnPositiveIou;
    final float rpnNegativeIou;
    final int rpnBatchPerImage;
    final float rpnPositiveFraction;
    final int preNmsTrain;
    final int preNmsTest;
    final int postNmsTrain;
    final int postNmsTest;
    final float rpnNmsIou;
    final float roiForegroundIou;
    final int roisPerImage;
    final float roiPositiveFraction;
    final int poolSize;
    final int samplingRatio;
    final int canonicalSize;
    final int canonicalLevel;
    final int fcWidth;
    final float scoreThreshold;
    final float nmsIou;
    final int detectionsPerImage;
    final long seed;

    private FasterRcnnSettings(Builder b) {
        rpnPositiveIou = b.rpnPositiveIou;
        rpnNegativeIou = b.rpnNegativeIou;
        rpnBatchPerImage = b.rpnBatchPerImage;
        rpnPositiveFraction = b.rpnPositiveFraction;
        preNmsTrain = b.preNmsTrain;
        preNmsTest = b.preNmsTest;
        postNmsTrain = b.postNmsTrain;
        postNmsTest = b.postNmsTest;
        rpnNmsIou = b.rpnNmsIou;
        roiForegroundIou = b.roiForegroundIou;
        roisPerImage = b.roisPerImage;
        roiPositiveFraction = b.roiPositiveFraction;
        poolSize = b.poolSize;
        samplingRatio = b.samplingRatio;
        canonicalSize = b.canonicalSize;
        canonicalLevel = b.canonicalLevel;
        fcWidth = b.fcWidth;
        scoreThreshold = b.scoreThreshold;
        nmsIou = b.nmsIou;
        detectionsPerImage = b.detectionsPerImage;
        seed = b.seed;
    }

    /** @return a builder with torchvision's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return torchvision's defaults */
    public static FasterRcnnSettings torchvision() {
        return builder().build();
    }

    /** Builds {@link FasterRcnnSettings}; each {@code opt} documents its default. */
    public static final class Builder {
        private float rpnPositiveIou = 0.7f;
        private float rpnNegativeIou = 0.3f;
        private int rpnBatchPerImage = 256;
        private float rpnPositiveFraction = 0.5f;
        private int preNmsTrain = 2000;
        private int preNmsTest = 1000;
        private int postNmsTrain = 2000;
        private int postNmsTest = 1000;
        private float rpnNmsIou = 0.7f;
        private float roiForegroundIou = 0.5f;
        private int roisPerImage = 512;
        private float roiPositiveFraction = 0.25f;
        private int poolSize = 7;
        private int samplingRatio = 2;
        private int canonicalSize = 224;
        private int canonicalLevel = 4;
        private int fcWidth = 1024;
        private float scoreThreshold = 0.05f;
        private float nmsIou = 0.5f;
        private int detectionsPerImage = 100;
        private long seed;

        private Builder() {}

        /**
         * RPN IoU thresholds (default 0.7 and 0.3).
         *
         * @param positive at or above: positive
         * @param negative below: negative
         * @return this builder
         */
        public Builder optRpnIou(float positive, float negative) {
            rpnPositiveIou = positive;
            rpnNegativeIou = negative;
            return this;
        }

        /**
         * RPN anchors sampled per image and their positive fraction (default 256, 0.5).
         *
         * @param perImage anchors per image
         * @param positiveFraction at most this fraction positive
         * @return this builder
         */
        public Builder optRpnBatch(int perImage, float positiveFraction) {
            rpnBatchPerImage = perImage;
            rpnPositiveFraction = positiveFraction;
            return this;
        }

        /**
         * Proposals per level before NMS and per image after (default 2,000 / 2,000 training,
         * 1,000 / 1,000 test).
         *
         * @param preTrain per level, training
         * @param postTrain per image, training
         * @param preTest per level, test
         * @param postTest per image, test
         * @return this builder
         */
        public Builder optProposals(int preTrain, int postTrain, int preTest, int postTest) {
            preNmsTrain = preTrain;
            postNmsTrain = postTrain;
            preNmsTest = preTest;
            postNmsTest = postTest;
            return this;
        }

        /**
         * Proposal NMS IoU (default 0.7).
         *
         * @param iou the threshold
         * @return this builder
         */
        public Builder optRpnNmsIou(float iou) {
            rpnNmsIou = iou;
            return this;
        }

        /**
         * RoIs sampled per image, their positive fraction and the foreground IoU (default 512,
         * 0.25, 0.5).
         *
         * @param perImage RoIs per image
         * @param positiveFraction at most this fraction positive
         * @param foregroundIou IoU at or above which a RoI is foreground
         * @return this builder
         */
        public Builder optRois(int perImage, float positiveFraction, float foregroundIou) {
            roisPerImage = perImage;
            roiPositiveFraction = positiveFraction;
            roiForegroundIou = foregroundIou;
            return this;
        }

        /**
         * RoIAlign output side and sampling ratio (default 7, 2).
         *
         * @param size output side
         * @param samplingRatio samples per bin side
         * @return this builder
         */
        public Builder optPooling(int size, int samplingRatio) {
            poolSize = size;
            this.samplingRatio = samplingRatio;
            return this;
        }

        /**
         * The canonical level mapping (default 224 at level 4).
         *
         * @param size canonical box side
         * @param level its level
         * @return this builder
         */
        public Builder optCanonical(int size, int level) {
            canonicalSize = size;
            canonicalLevel = level;
            return this;
        }

        /**
         * Width of the two FC layers (default 1,024).
         *
         * @param width the width
         * @return this builder
         */
        public Builder optFcWidth(int width) {
            fcWidth = width;
            return this;
        }

        /**
         * Inference: score threshold, NMS IoU per class and detections per image (default 0.05,
         * 0.5, 100).
         *
         * @param score threshold
         * @param nms IoU
         * @param detections per image
         * @return this builder
         */
        public Builder optInference(float score, float nms, int detections) {
            scoreThreshold = score;
            nmsIou = nms;
            detectionsPerImage = detections;
            return this;
        }

        /**
         * An offset of the anchor and RoI sampling's seed (default 0). Each training step's samples
         * are drawn from a seed that the step takes from the engine generator, which the training
         * loop seeds from (run seed, iteration); this offset is mixed in, so the run seed alone
         * already decides the samples.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder optSeed(long s) {
            seed = s;
            return this;
        }

        /** @return the settings */
        public FasterRcnnSettings build() {
            return new FasterRcnnSettings(this);
        }
    }
}
