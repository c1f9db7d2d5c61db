package org.nas4det.fad;

import com.google.common.base.Preconditions;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.SearchListener;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.train.LearningRateSchedule;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.head.FadHead;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.SearchSettings;

/**
 * FAD (ECCV 2020): a differentiable search of the FCOS head's box and cls subnetworks with
 * representation sharing, then the final training of an FCOS detector whose towers are the
 * derived head. Everything a run writes goes to its run directory: {@code fad.json} (settings),
 * {@code splits.json} (weight / architecture images), {@code search/} (checkpoints),
 * {@code genotype.txt} (box line, cls line; rewritten at every checkpoint), {@code alphas.jsonl},
 * {@code alphas.png}, {@code final/} (final-training checkpoints), {@code detector/} (the trained
 * detector, loadable by {@code nas eval --model}), {@code result.json}.
 *
 * <p>Unlike the other methods' builders, this one has no {@code optHead}: what FAD searches is
 * the FCOS head itself (its towers, trained with FCOS's targets and losses), so the detector is
 * FCOS by definition. A derived head can be put under another backbone; it cannot be searched as
 * a GFL or Faster R-CNN head.
 *
 * <pre>{@code
 * FadResult r = Fad.cpu()
 *         .optRunDirectory(Path.of("runs/fad"))
 *         .optSeed(0)
 *         .build()
 *         .run();                         // resumes with optResume(true); a finished run does no work
 * FadHead head = r.standalone();
 * }</pre>
 */
public final class Fad {

    /** The derived genotypes (box line, then cls line). */
    public static final String GENOTYPE = "genotype.txt";
    /** The alphas over time. */
    public static final String ALPHAS = "alphas.jsonl";
    /** The plot of the softmaxed alphas. */
    public static final String PLOT = "alphas.png";
    /** The settings of the run. */
    public static final String SETTINGS = "fad.json";
    /** The most intermediate nodes a cell may have. */
    public static final int MAX_NODES = 8;
    /** The weight / architecture split. */
    public static final String SPLITS = "splits.json";
    /** The search checkpoints. */
    public static final String SEARCH_DIR = "search";
    /** The final training's output. */
    public static final String FINAL_DIR = "final";
    /** The final detector. */
    public static final String DETECTOR = "detector";
    /** The summary of a finished run. */
    public static final String RESULT = "result.json";

    final Builder b;

    private Fad(Builder b) {
        this.b = b;
    }

    /**
     * A builder holding this run's settings, to change some of them.
     *
     * <pre>{@code Fad other = run.toBuilder().optSeed(1).build();}</pre>
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return b.copy();
    }

    /** @return a builder with the paper's settings (spec §3) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the paper's settings, as {@link #builder()} */
    public static Builder paper() {
        return builder();
    }

    /**
     * Minutes on 2 CPU cores on the built-in shapes data: 96 images of 64 px, a ResNet-18 with a
     * 16-wide stem, FPN width 32, op width 32, 40 search iterations at batch 8 (alpha learning
     * rate 3e-3 so that the alphas move in so few steps), 200 final iterations at batch 8.
     *
     * @return the CPU preset
     */
    public static Builder cpu() {
        JsonObject backbone = new JsonObject();
        backbone.addProperty("type", "resnet");
        backbone.addProperty("depth", 18);
        backbone.addProperty("stem_width", 16);
        Builder b = builder().optBackbone(backbone).optChannels(32).optWidth(32).optImageSize(64).optSyntheticImages(96)
                .optIterations(40).optBatchSize(8).optLearningRate(0.01f).optAlphaLearningRate(3e-3f)
                .optFinalIterations(200).optFinalBatchSize(8).optFinalLearningRate(0.01f).optFinalWarmup(20).optFinalStepDecay(false);
        // Warm-up 5, drop at 30, a checkpoint every 10 of its 40 iterations, and so for another budget.
        b.warmupShare = 5.0 / 40;
        b.dropAtShare = 30.0 / 40;
        b.checkpointShare = 10.0 / 40;
        return b;
    }

    /**
     * Builds the derived head of an architecture with its own weights ({@link org.nas4det.core.MethodResult#standalone()}).
     *
     * @param g the genotypes
     * @param channels the FPN width F
     * @param width the op width C
     * @param cells cells per subnet
     * @param rate3 whether op names resolve in the 12-op space
     * @return the uninitialised head
     */
    public static FadHead standalone(FadGenotypes g, int channels, int width, int cells, boolean rate3) {
        return new FadHead(g, OpSpace.of(rate3), channels, width, cells);
    }

    /**
     * Runs (or resumes, or reads back) the search and the final training.
     *
     * @return the result
     */
    public FadResult run() {
        return new FadRun(this).run();
    }

    /** Builds a {@link Fad} run; pre-filled with the paper's settings. */
    public static final class Builder {
        JsonObject backbone;
        int channels = 256;
        int width = 96;
        int searchCells = 1;
        int cells = 2;
        int nodes = 3;
        boolean rate3;
        DetectionData train;
        DetectionData val;
        Path dataDirectory;
        int shapesImages = 400;
        double archFraction = 0.5;
        int imageSize = 416;
        int iterations = 17_500;
        int batchSize = 4;
        float learningRate = 0.004f;
        float weightDecay = 1e-4f;
        // The search schedule follows the iteration budget (spec decision 4): as shares of it (the
        // paper's 500, 12,500 and 2,500 of 17,500 iterations), unless set in iterations.
        double warmupShare = 500.0 / 17_500;
        double dropAtShare = 12_500.0 / 17_500;
        double checkpointShare = 2_500.0 / 17_500;
        Integer warmup;
        Integer dropAt;
        float clipNorm = 20;
        float alphaLearningRate = 3e-4f;
        float alphaWeightDecay = 1e-3f;
        boolean secondOrder;
        Integer checkpointEvery;
        int finalIterations = 90_000;
        int finalBatchSize = 16;
        float finalLearningRate = 0.01f;
        int finalWarmup = 500;
        boolean finalStepDecay = true;
        int finalImageSize = 800;
        long seed;
        Path runDirectory;
        boolean resume;
        final List<SearchListener> listeners = new ArrayList<>();
        final List<TrainingListener> trainingListeners = new ArrayList<>();

        /** @return a builder holding the same values (lists and trees copied), for {@code build()} and {@code toBuilder()} */
        Builder copy() {
            Builder c = new Builder();
            c.backbone = backbone == null ? null : backbone.deepCopy();
            c.channels = channels;
            c.width = width;
            c.searchCells = searchCells;
            c.cells = cells;
            c.nodes = nodes;
            c.rate3 = rate3;
            c.train = train;
            c.val = val;
            c.dataDirectory = dataDirectory;
            c.shapesImages = shapesImages;
            c.archFraction = archFraction;
            c.imageSize = imageSize;
            c.iterations = iterations;
            c.batchSize = batchSize;
            c.learningRate = learningRate;
            c.weightDecay = weightDecay;
            c.warmupShare = warmupShare;
            c.dropAtShare = dropAtShare;
            c.checkpointShare = checkpointShare;
            c.warmup = warmup;
            c.dropAt = dropAt;
            c.clipNorm = clipNorm;
            c.alphaLearningRate = alphaLearningRate;
            c.alphaWeightDecay = alphaWeightDecay;
            c.secondOrder = secondOrder;
            c.checkpointEvery = checkpointEvery;
            c.finalIterations = finalIterations;
            c.finalBatchSize = finalBatchSize;
            c.finalLearningRate = finalLearningRate;
            c.finalWarmup = finalWarmup;
            c.finalStepDecay = finalStepDecay;
            c.finalImageSize = finalImageSize;
            c.seed = seed;
            c.runDirectory = runDirectory;
            c.resume = resume;
            c.listeners.addAll(listeners);
            c.trainingListeners.addAll(trainingListeners);
            return c;
        }

        private Builder() {
            backbone = new JsonObject();
            backbone.addProperty("type", "resnet");
            backbone.addProperty("depth", 50);
            backbone.addProperty("stem_width", 64);
        }

        /**
         * Sets the backbone as detector-spec JSON (default ResNet-50; any registered type: resnet, maedet, detnas).
         * @param spec {@code {"type": .., ...}}
         * @return this builder
         */
        public Builder optBackbone(JsonObject spec) {
            this.backbone = Preconditions.checkNotNull(spec, "optBackbone: null").deepCopy();
            return this;
        }

        /**
         * Sets the FPN width F, which is also the cell state width (default 256).
         * @param f channels
         * @return this builder
         */
        public Builder optChannels(int f) {
            this.channels = f;
            return this;
        }

        /**
         * Sets the op width C (default 96; 128 for X-101).
         * @param c channels
         * @return this builder
         */
        public Builder optWidth(int c) {
            this.width = c;
            return this;
        }

        /**
         * Sets the cells per subnet in the search (default 1) and in the final head (default 2).
         * @param search cells in the search supernet
         * @param fin cells in the final head
         * @return this builder
         */
        public Builder optCells(int search, int fin) {
            this.searchCells = search;
            this.cells = fin;
            return this;
        }

        /**
         * Sets the intermediate nodes per cell (default 3, at most {@value #MAX_NODES}).
         * @param n nodes
         * @return this builder
         */
        public Builder optNodes(int n) {
            this.nodes = n;
            return this;
        }

        /**
         * Uses the 12-op space with rate-3 dilated layers (default false: the released 10 ops).
         * @param v whether to
         * @return this builder
         */
        public Builder optRate3(boolean v) {
            this.rate3 = v;
            return this;
        }

        /**
         * Sets the search and final-training data, split by image into weight and architecture
         * parts (default: the built-in shapes data), as DetNAS's and SP-NAS's setter of this name.
         *
         * <pre>{@code Fad.cpu().optDetectionData(CocoData.reader().read(annotations, images))}</pre>
         *
         * @param data any reader's data (COCO, VOC), or null for the default: the built-in shapes data
         * @return this builder
         */
        public Builder optDetectionData(DetectionData data) {
            this.train = data;
            return this;
        }

        /**
         * Sets the search and final-training data from a COCO instances file and its image folder.
         *
         * @param annotations the COCO instances JSON
         * @param images the image folder
         * @return this builder
         */
        public Builder optDetectionData(Path annotations, Path images) {
            Preconditions.checkNotNull(annotations, "optDetectionData: null annotations file");
            Preconditions.checkNotNull(images, "optDetectionData: null image folder");
            return optDetectionData(CocoData.reader().read(annotations, images));
        }

        /**
         * Sets the data the final detector is evaluated on during its training (default: none with
         * {@link #optDetectionData}; the folder's val split with {@link #optDataDirectory}; the shapes
         * data's val split), as {@code DetectorTrainer.Builder.optValData}.
         *
         * @param data images never trained on, or null for none
         * @return this builder
         */
        public Builder optValData(DetectionData data) {
            this.val = data;
            return this;
        }

        /**
         * @param searchData the search and final-training data
         * @param valData the evaluation data, or null
         * @return this builder
         * @deprecated the shared names are {@link #optDetectionData(DetectionData)} and {@link #optValData}
         */
        @Deprecated
        public Builder optData(DetectionData searchData, DetectionData valData) {
            return optDetectionData(searchData).optValData(valData);
        }

        /**
         * Sets a COCO-format folder holding both splits ({@code annotations/instances_train.json} +
         * {@code train/}, optionally {@code annotations/instances_val.json} + {@code val/}), as the
         * CLI's {@code --data}: the same as {@link #optDetectionData(Path, Path)} on the train split
         * and {@link #optValData} on the val split, read when the run starts.
         * @param dir the folder
         * @return this builder
         */
        public Builder optDataDirectory(Path dir) {
            this.dataDirectory = Preconditions.checkNotNull(dir, "optDataDirectory: null");
            return this;
        }

        /**
         * Sets the number of generated shapes images when no data is given (default 400).
         * @param n images of the train split
         * @return this builder
         */
        public Builder optSyntheticImages(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("optSyntheticImages: the shapes data needs at least 1 image, got " + n);
            }
            this.shapesImages = n;
            return this;
        }

        /**
         * @param n images of the generated shapes data
         * @return this builder
         * @deprecated the shared name is {@link #optSyntheticImages(int)}, as DetNAS's and SP-NAS's
         */
        @Deprecated
        public Builder optShapesImages(int n) {
            return optSyntheticImages(n);
        }

        /**
         * Sets the fraction of the search images used for architecture steps (default 0.5).
         * @param f fraction in (0, 1)
         * @return this builder
         */
        public Builder optArchFraction(double f) {
            this.archFraction = f;
            return this;
        }

        /**
         * Sets the search image size (default 416).
         * @param px short and long side
         * @return this builder
         */
        public Builder optImageSize(int px) {
            this.imageSize = px;
            this.finalImageSize = px;
            return this;
        }

        /**
         * Sets the final training's image size (default 800; {@link #optImageSize} sets both).
         * @param px short and long side
         * @return this builder
         */
        public Builder optFinalImageSize(int px) {
            this.finalImageSize = px;
            return this;
        }

        /**
         * Sets the search iterations (default 17,500).
         * @param n iterations
         * @return this builder
         */
        public Builder optIterations(int n) {
            this.iterations = n;
            return this;
        }

        /**
         * Sets the search batch size (default 4).
         * @param n images
         * @return this builder
         */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * Sets the weight SGD learning rate of the search (default 0.004).
         * @param lr learning rate
         * @return this builder
         */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * Sets the weight decay of the search's SGD (default 1e-4).
         * @param wd decay
         * @return this builder
         */
        public Builder optWeightDecay(float wd) {
            this.weightDecay = wd;
            return this;
        }

        /**
         * Sets the search's linear warm-up from 1/3 (default: 500 of every 17,500 search iterations,
         * as the paper's; the CPU preset 5 of 40).
         * @param n iterations
         * @return this builder
         */
        public Builder optWarmup(int n) {
            this.warmup = n;
            return this;
        }

        /**
         * Sets the iteration of the search's ×0.1 learning-rate drop (default: after 12,500 of every
         * 17,500 search iterations, as the paper's; the CPU preset 30 of 40; 0 for none).
         * @param it iteration
         * @return this builder
         */
        public Builder optDropAt(int it) {
            this.dropAt = it;
            return this;
        }

        /**
         * Sets the max-norm of the weights' gradient (default 20; 0 for none).
         * @param n norm
         * @return this builder
         */
        public Builder optClipNorm(float n) {
            this.clipNorm = n;
            return this;
        }

        /**
         * Sets the alphas' Adam learning rate (default 3e-4).
         * @param lr learning rate
         * @return this builder
         */
        public Builder optAlphaLearningRate(float lr) {
            this.alphaLearningRate = lr;
            return this;
        }

        /**
         * Sets the alphas' Adam weight decay (default 1e-3).
         * @param wd decay
         * @return this builder
         */
        public Builder optAlphaWeightDecay(float wd) {
            this.alphaWeightDecay = wd;
            return this;
        }

        /**
         * Uses second-order DARTS (default false: first order, as the release).
         * @param v whether to
         * @return this builder
         */
        public Builder optSecondOrder(boolean v) {
            this.secondOrder = v;
            return this;
        }

        /**
         * Sets the checkpoint interval of the search (default: 2,500 of every 17,500 search
         * iterations, as the release's genotype log; the CPU preset 10 of 40).
         * @param n iterations
         * @return this builder
         */
        public Builder optCheckpointEvery(int n) {
            this.checkpointEvery = n;
            return this;
        }

        /**
         * Sets the final training's iterations (default 90,000, COCO 1x).
         * @param n iterations
         * @return this builder
         */
        public Builder optFinalIterations(int n) {
            this.finalIterations = n;
            return this;
        }

        /**
         * Sets the final training's batch size (default 16).
         * @param n images
         * @return this builder
         */
        public Builder optFinalBatchSize(int n) {
            this.finalBatchSize = n;
            return this;
        }

        /**
         * Sets the final training's learning rate (default 0.01).
         * @param lr learning rate
         * @return this builder
         */
        public Builder optFinalLearningRate(float lr) {
            this.finalLearningRate = lr;
            return this;
        }

        /**
         * Sets the final training's warm-up (default 500: constant at a third of the rate with the
         * paper's step decay, linear from a tenth without it).
         * @param n iterations
         * @return this builder
         */
        public Builder optFinalWarmup(int n) {
            this.finalWarmup = n;
            return this;
        }

        /**
         * Trains the final detector with the paper's schedule (spec section 3, FCOS 1x): a
         * constant warm-up at a third of the rate, then ×0.1 at 2/3 and 8/9 of the iterations
         * (60,000 and 80,000 of 90,000). Default true; the CPU preset uses cosine decay after a
         * linear warm-up from a tenth instead, which suits its 200 iterations.
         *
         * @param v whether to
         * @return this builder
         */
        public Builder optFinalStepDecay(boolean v) {
            this.finalStepDecay = v;
            return this;
        }

        /** @return the final training's schedule, or null for the trainer's default (cosine) */
        LearningRateSchedule finalSchedule() {
            if (!finalStepDecay) {
                return null;
            }
            int it = Math.max(1, finalIterations);
            return LearningRateSchedule.steps(finalLearningRate, it, (int) Math.round(it * 2.0 / 3), (int) Math.round(it * 8.0 / 9))
                    .warmup(Math.min(finalWarmup, it), 1f / 3, true);
        }

        /**
         * Sets the seed (split, weights, batches, alphas).
         * @param s the seed
         * @return this builder
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets the run directory (default: a new folder in the system's temporary folder, as DetNAS and SP-NAS).
         * @param dir the folder, or null for the default
         * @return this builder
         */
        public Builder optRunDirectory(Path dir) {
            this.runDirectory = dir;
            return this;
        }

        /**
         * Continues an unfinished run in the run directory (default false; a finished run is always read back).
         * @param r whether to resume
         * @return this builder
         */
        public Builder optResume(boolean r) {
            this.resume = r;
            return this;
        }

        /**
         * Adds a search listener. FAD evaluates no candidates, so the listener hears nothing yet
         * (progress is logged through SLF4J; the final training reports to training listeners).
         * @param l the listener
         * @return this builder
         */
        public Builder addListener(SearchListener l) {
            listeners.add(Preconditions.checkNotNull(l, "addListener: null"));
            return this;
        }

        /**
         * Adds a listener of the final training.
         * @param l the listener
         * @return this builder
         */
        public Builder addTrainingListener(TrainingListener l) {
            trainingListeners.add(Preconditions.checkNotNull(l, "addTrainingListener: null"));
            return this;
        }

        /**
         * The FCOS detector spec of this run's backbone and FPN width.
         *
         * @param towers the towers spec, or null for FCOS's own
         * @param size the input size
         * @return the spec JSON
         */
        JsonObject detectorSpec(JsonObject towers, int size) {
            JsonObject spec = new JsonObject();
            spec.addProperty("head", "fcos");
            spec.add("backbone", backbone);
            spec.addProperty("channels", channels);
            if (towers != null) {
                spec.add("towers", towers);
            }
            spec.addProperty("input_size", size);
            return spec;
        }

        SearchSettings searchSettings() {
            int w = warmup != null ? warmup : (int) Math.round(iterations * warmupShare);
            int d = dropAt != null ? dropAt : (int) Math.round(iterations * dropAtShare);
            int c = checkpointEvery != null ? checkpointEvery : Math.max(1, (int) Math.round(iterations * checkpointShare));
            return new SearchSettings(iterations, batchSize, learningRate, weightDecay, w, d, clipNorm, alphaLearningRate,
                    alphaWeightDecay, secondOrder, c, seed);
        }

        /**
         * Validates the settings.
         *
         * @return the run
         * @throws IllegalArgumentException naming the setting
         */
        public Fad build() {
            check(channels >= 1, "optChannels", "the FPN width must be >= 1, got " + channels);
            check(width >= 1 && width % Math.min(32, width) == 0, "optWidth",
                    "the op width must be >= 1 and a multiple of 32 above 32 (GroupNorm(32)), got " + width);
            check(channels % Math.min(32, channels) == 0, "optChannels", "the FPN width must be a multiple of 32 above 32, got " + channels);
            check(searchCells >= 1 && cells >= 1, "optCells", "cells must be >= 1, got " + searchCells + " and " + cells);
            // N nodes make N(N+3)/2 mixed edges a cell, each with the whole op space: 8 (44 edges)
            // is already far past the paper's 3 (9 edges); 50 nodes ran for minutes an iteration.
            check(nodes >= 1 && nodes <= MAX_NODES, "optNodes", "nodes must be 1.." + MAX_NODES + " (the paper's cells have 3), got " + nodes);
            check(archFraction > 0 && archFraction < 1, "optArchFraction", "must be in (0, 1), got " + archFraction);
            check(imageSize >= 32 && imageSize <= DetectorSpec.MAX_INPUT_SIZE, "optImageSize",
                    "must be 32.." + DetectorSpec.MAX_INPUT_SIZE + ", got " + imageSize);
            check(finalImageSize >= 32 && finalImageSize <= DetectorSpec.MAX_INPUT_SIZE, "optFinalImageSize",
                    "must be 32.." + DetectorSpec.MAX_INPUT_SIZE + ", got " + finalImageSize);
            check(finalIterations >= 0, "optFinalIterations", "must be >= 0, got " + finalIterations);
            check(finalBatchSize >= 1, "optFinalBatchSize", "must be >= 1, got " + finalBatchSize);
            // Checked now, not when the final training starts after the whole search.
            check(finalLearningRate > 0 && Float.isFinite(finalLearningRate), "optFinalLearningRate",
                    "must be > 0 and finite, got " + finalLearningRate);
            check(finalWarmup >= 0, "optFinalWarmup", "must be >= 0, got " + finalWarmup);
            check(!resume || runDirectory != null, "optResume", "resuming needs optRunDirectory");
            check(train == null || dataDirectory == null, "optDetectionData",
                    "give either data sets or a data directory (optDataDirectory), not both");
            check(val == null || dataDirectory == null, "optValData", "the data directory (optDataDirectory) holds the val split");
            check(val == null || train != null, "optValData", "needs optDetectionData (the shapes data has its own val split)");
            searchSettings();
            // The backbone is built now (blocks only, no weights): a bad spec is named before any
            // data is read, not after.
            try {
                DetectorSpec.of(detectorSpec(null, imageSize)).build(1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("optBackbone (--backbone): " + e.getMessage(), e);
            }
            return new Fad(copy());
        }

        private static void check(boolean ok, String option, String problem) {
            if (!ok) {
                throw new IllegalArgumentException(option + ": " + problem);
            }
        }
    }
}
