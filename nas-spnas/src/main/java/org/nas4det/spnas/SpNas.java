package org.nas4det.spnas;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.Constraints;
import org.nas4det.core.SearchListener;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.train.TrainingListener;

/**
 * SP-NAS (CVPR 2020): serial-to-parallel backbone search. A serial search grows a ResNet-like code
 * by morphisms from a Pareto parent (mAP max, params min) whose children inherit its weights
 * (expand and add-stage keep its function, swap moves a stride and keeps only its weights:
 * {@link WeightInheritance}), each child fine-tuned briefly and scored by COCO AP on a held-out split;
 * stagnation triggers reignition (classification re-pre-training, at most twice); a parallel
 * search then adds K_i in {0..3} cascade copies per stage around a serial net drawn from the
 * serial Pareto front; the final architecture is trained into {@code detector/} and written to
 * {@code best_arch.txt} as a Vega arch string.
 *
 * <pre>{@code
 * SpNasResult r = SpNas.cpu()
 *         .optRunDirectory(Path.of("runs/spnas"))
 *         .optSeed(0)
 *         .addListener(SearchListener.progressBar())
 *         .build()
 *         .run();                                    // optResume(true) continues a run cut short
 * Block backbone = r.standalone();
 * }</pre>
 */
public final class SpNas {

    /** The settings a run directory is bound to, among them the backbone's width ({@code width}). */
    public static final String SETTINGS = "spnas.json";

    /** The final architecture as a Vega arch string. */
    public static final String BEST_ARCH = "best_arch.txt";
    /** The final detector folder. */
    public static final String DETECTOR = "detector";
    /** The serial step's run directory. */
    public static final String SERIAL = "serial";
    /** The parallel step's run directory. */
    public static final String PARALLEL = "parallel";

    final Builder b;

    private SpNas(Builder b) {
        this.b = b;
    }

    /**
     * A builder holding this run's settings, to change some of them.
     *
     * <pre>{@code SpNas other = run.toBuilder().optSeed(1).build();}</pre>
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return b.copy();
    }

    /** @return a builder with the paper's settings ({@link #paper()}) */
    public static Builder builder() {
        return paper();
    }

    /**
     * The paper's settings (sections 2 and 4): ResNet-50 seed, width 64, 20 serial samples with
     * 3 mutation slots, 3 COCO epochs per candidate at batch 4 (88,704 iterations, lr 0.02 after a
     * 1000-iteration linear warm-up from 0.001 × it, constant: the drops at epochs 10 and 20 are
     * never reached), reignition after 5 rounds without a new front member (20 ImageNet epochs at
     * batch 128, cosine), 10 parallel samples, 24 epochs of final training (the same warm-up, ×0.1
     * at epochs 10 and 20), Faster R-CNN (the reference detector, FPN on every stage) at 800 px.
     *
     * @return a pre-filled builder
     */
    public static Builder paper() {
        return new Builder();
    }

    /**
     * Minutes on 2 CPU cores on the built-in shapes data: an FCOS head (cheaper than Faster R-CNN
     * on a CPU), basic blocks from ResNet-18's code at width 8, 96 px, 6 serial and 3 parallel
     * samples of 20 iterations each.
     *
     * @return a pre-filled builder
     */
    public static Builder cpu() {
        return new Builder().optSeedArch(SpNasArch.parse("b_11-21-21-21_0-0-0-0")).optHead("fcos").optWidth(8).optImageSize(96)
                .optHeadChannels(32).optTowerDepth(1).optFineTune(new TrainSettings(20, 4, 0.01f, 5)).optSeedIterations(120).optSerialSamples(6)
                .optPatience(3).optReignition(new TrainSettings(30, 8, 0.05f, 5)).optParallelSamples(3)
                .optFinalTraining(new TrainSettings(200, 4, 0.01f, 20)).optSyntheticImages(48);
    }

    /**
     * Builds a fresh standalone backbone (detection outputs C3.., width 64) for an architecture.
     *
     * @param arch the architecture
     * @return the backbone
     */
    public static SerialBackbone standalone(SpNasArch arch) {
        return SerialBackbone.builder(arch).build();
    }

    /**
     * Builds a fresh standalone backbone for an architecture as a run searched it: an arch string
     * does not hold the backbone's stem width or whether parallel branches share copies, which the
     * run's settings ({@code spnas.json}: {@code width}, the last field of {@code parallel}) do.
     *
     * <pre>{@code SerialBackbone b = SpNas.standalone(SpNasArch.parse(text), 8, false);}</pre>
     *
     * @param arch the architecture
     * @param width the stem width ({@link Builder#optWidth})
     * @param sharedCopies whether parallel branches share copies ({@link Builder#optSharedCopies})
     * @return the backbone
     */
    public static SerialBackbone standalone(SpNasArch arch, int width, boolean sharedCopies) {
        return SerialBackbone.builder(arch).optWidth(width).optSharedCopies(sharedCopies).build();
    }

    /**
     * A backbone builder for an architecture at the width and shared copies a run recorded in its
     * settings file ({@link #SETTINGS}, as {@link Builder#settings()} writes them).
     *
     * <pre>{@code SerialBackbone b = SpNas.backboneOf(arch, run.resolve(SpNas.SETTINGS)).build();}</pre>
     *
     * @param arch the architecture
     * @param settings a run's {@code spnas.json}
     * @return the builder, to set outputs on
     */
    public static SerialBackbone.Builder backboneOf(SpNasArch arch, Path settings) {
        JsonObject o = JsonFiles.readObject(settings, "SP-NAS settings");
        // "parallel" is samples/zero share/shared copies (Builder.settings()).
        String[] parallel = o.get("parallel").getAsString().split("/");
        return SerialBackbone.builder(arch).optWidth(o.get("width").getAsInt())
                .optSharedCopies(Boolean.parseBoolean(parallel[parallel.length - 1]));
    }

    /**
     * Builds a fresh standalone backbone from an arch string or a code with a block type.
     *
     * @param codeOrArch {@code r_111-2111-211111-211_0-0-0-0} or {@code 111-2111-211111-211}
     * @param block the block of a bare code
     * @return the backbone
     */
    public static Block standalone(String codeOrArch, BlockType block) {
        return standalone(SpNasArch.parseCodeOrArch(codeOrArch, block));
    }

    /**
     * Runs the pipeline serial, reignition, parallel, final training; each step resumes from the
     * run directory and is skipped when its output exists.
     *
     * @return the result
     */
    public SpNasResult run() {
        return new SpNasPipeline(b).run();
    }

    /** Builds an {@link SpNas} run; every setting has the documented paper default. */
    public static final class Builder {
        SpNasArch seedArch = SpNasArch.parse("r_111-2111-211111-211_0-0-0-0");
        int width = 64;
        String head = DetectorRecipe.FASTER_RCNN;
        int channels = 256;
        int towerDepth = 4;
        int inputSize = 800;
        // Spec 2.4: linear warm-up over 1000 iterations from 0.001, then MultiStepLR at epochs 10
        // and 20, never reached in 3 epochs (a constant rate); 4: fullytrain, 24 epochs, the same drops.
        TrainSettings fineTune = TrainSettings.stepped(88_704, 4, 0.02f, 1000);
        int seedIterations = 354_816;
        int serialSamples = 20;
        int numMutate = 3;
        double expandRatio = 0.3;
        double addStageRatio = 0.05;
        int maxStages = SerialCode.MAX_STAGES;
        int patience = 5;
        int maxReignitions = 2;
        TrainSettings reignition = new TrainSettings(200_000, 128, 0.1f, 0);
        int parallelSamples = 10;
        double zeroShare = 0.4;
        boolean sharedCopies;
        boolean freezeInherited;
        TrainSettings finalTraining = TrainSettings.stepped(709_632, 4, 0.02f, 1000, 10.0 / 24, 20.0 / 24);
        DetectionData detection;
        double holdoutFraction = 0.05;
        int syntheticImages = 64;
        Path classification;
        Path runDirectory;
        long seed;
        boolean resume;
        Constraints constraints;
        CandidateExecutor executor = CandidateExecutor.inProcess();
        final List<SearchListener> listeners = new ArrayList<>();
        final List<TrainingListener> trainingListeners = new ArrayList<>();

        /** @return a builder holding the same values (lists and trees copied), for {@code build()} and {@code toBuilder()} */
        Builder copy() {
            Builder c = new Builder();
            c.seedArch = seedArch;
            c.width = width;
            c.head = head;
            c.channels = channels;
            c.towerDepth = towerDepth;
            c.inputSize = inputSize;
            c.fineTune = fineTune;
            c.seedIterations = seedIterations;
            c.serialSamples = serialSamples;
            c.numMutate = numMutate;
            c.expandRatio = expandRatio;
            c.addStageRatio = addStageRatio;
            c.maxStages = maxStages;
            c.patience = patience;
            c.maxReignitions = maxReignitions;
            c.reignition = reignition;
            c.parallelSamples = parallelSamples;
            c.zeroShare = zeroShare;
            c.sharedCopies = sharedCopies;
            c.freezeInherited = freezeInherited;
            c.finalTraining = finalTraining;
            c.detection = detection;
            c.holdoutFraction = holdoutFraction;
            c.syntheticImages = syntheticImages;
            c.classification = classification;
            c.runDirectory = runDirectory;
            c.seed = seed;
            c.resume = resume;
            c.constraints = constraints;
            c.executor = executor;
            c.listeners.addAll(listeners);
            c.trainingListeners.addAll(trainingListeners);
            return c;
        }

        private Builder() {}

        /** @param a the seed architecture (default {@code r_111-2111-211111-211_0-0-0-0}); @return this builder */
        public Builder optSeedArch(SpNasArch a) {
            this.seedArch = Objects.requireNonNull(a, "optSeedArch: null");
            return this;
        }

        /** @param w backbone stem width (default 64); @return this builder */
        public Builder optWidth(int w) {
            this.width = positive("optWidth", w);
            return this;
        }

        /**
         * Sets the detection head: one of {@link DetectorSpec#HEADS}, {@code fcos}, {@code retinanet},
         * {@code gfl} or {@code faster_rcnn} (the paper preset's, SP-NAS's reference detector; the
         * cpu preset uses {@code fcos}).
         *
         * @param h the head name
         * @return this builder
         */
        public Builder optHead(String h) {
            Objects.requireNonNull(h, "optHead: null");
            // checked now: the detector is first built after the data is written, seconds to hours later
            if (!DetectorSpec.HEADS.contains(h)) {
                throw new IllegalArgumentException("optHead (--head): head must be one of " + DetectorSpec.HEADS + ", got '" + h + "'");
            }
            this.head = h;
            return this;
        }

        /** @param c FPN and head width (default 256); @return this builder */
        public Builder optHeadChannels(int c) {
            this.channels = positive("optHeadChannels", c);
            return this;
        }

        /**
         * @param c FPN and head width
         * @return this builder
         * @deprecated the shared name is {@link #optHeadChannels(int)}, as DetNAS's
         */
        @Deprecated
        public Builder optChannels(int c) {
            return optHeadChannels(c);
        }

        /** @param d convs per head tower, 0 for none (default 4); @return this builder */
        public Builder optTowerDepth(int d) {
            this.towerDepth = nonNegative("optTowerDepth", d);
            return this;
        }

        /** @param s training and evaluation image size (default 800); @return this builder */
        public Builder optImageSize(int s) {
            if (s < 32 || s > DetectorSpec.MAX_INPUT_SIZE) {
                throw new IllegalArgumentException("optImageSize: must be 32.." + DetectorSpec.MAX_INPUT_SIZE + ", got " + s);
            }
            this.inputSize = s;
            return this;
        }

        /**
         * @param s training and evaluation image size
         * @return this builder
         * @deprecated the shared name is {@link #optImageSize(int)}, as FAD's
         */
        @Deprecated
        public Builder optInputSize(int s) {
            return optImageSize(s);
        }

        /** @param t each candidate's fine-tuning (default 88,704 iterations, batch 4, lr 0.02, warm-up 1000); @return this builder */
        public Builder optFineTune(TrainSettings t) {
            this.fineTune = Objects.requireNonNull(t, "optFineTune: null");
            return this;
        }

        /** @param n iterations of the seed's training from scratch (default 354,816); @return this builder */
        public Builder optSeedIterations(int n) {
            this.seedIterations = positive("optSeedIterations", n);
            return this;
        }

        /** @param n serial candidates after the seed ({@code max_sample}, default 20); @return this builder */
        public Builder optSerialSamples(int n) {
            this.serialSamples = nonNegative("optSerialSamples", n);
            return this;
        }

        /** @param n mutation slots per attempt (default 3); @return this builder */
        public Builder optNumMutate(int n) {
            this.numMutate = positive("optNumMutate", n);
            return this;
        }

        /** @param r expand's skip threshold (default 0.3); @return this builder */
        public Builder optExpandRatio(double r) {
            this.expandRatio = ratio("optExpandRatio", r);
            return this;
        }

        /** @param r add-stage's skip threshold (default 0.05); @return this builder */
        public Builder optAddStageRatio(double r) {
            this.addStageRatio = ratio("optAddStageRatio", r);
            return this;
        }

        /** @param n the most stages, 4..6 (default 6); @return this builder */
        public Builder optMaxStages(int n) {
            if (n < SerialCode.MIN_STAGES || n > SerialCode.MAX_STAGES) {
                throw new IllegalArgumentException("optMaxStages (--max-stages): max stages must be 4..6, got " + n);
            }
            this.maxStages = n;
            return this;
        }

        /** @param n rounds without a new front member before reignition (default 5); @return this builder */
        public Builder optPatience(int n) {
            this.patience = positive("optPatience", n);
            return this;
        }

        /** @param n reignitions at most, 0..2 (default 2); @return this builder */
        public Builder optMaxReignitions(int n) {
            if (n < 0 || n > 2) {
                throw new IllegalArgumentException("optMaxReignitions (--max-reignitions): max reignitions must be 0..2, got " + n);
            }
            this.maxReignitions = n;
            return this;
        }

        /** @param t reignition's classification training (default 200,000 iterations, batch 128, lr 0.1); @return this builder */
        public Builder optReignition(TrainSettings t) {
            this.reignition = Objects.requireNonNull(t, "optReignition: null");
            return this;
        }

        /** @param n parallel candidates (default 10; 0 skips the parallel step); @return this builder */
        public Builder optParallelSamples(int n) {
            this.parallelSamples = nonNegative("optParallelSamples", n);
            return this;
        }

        /** @param p probability of K = 0 at the cheapest stage (default 0.4); @return this builder */
        public Builder optZeroShare(double p) {
            this.zeroShare = ratio("optZeroShare", p);
            return this;
        }

        /** @param s parallel copies share their stage's weights (default false: own weights); @return this builder */
        public Builder optSharedCopies(boolean s) {
            this.sharedCopies = s;
            return this;
        }

        /**
         * Freezes the tensors a candidate inherits from its parent during its fine-tuning: only new
         * blocks, projections, copies and feedbacks train (Vega's {@code freeze_swap_keys}; BN
         * running statistics still follow the data). Default false: inherited tensors train too.
         * The final training trains everything either way.
         *
         * @param f whether to freeze
         * @return this builder
         */
        public Builder optFreezeInherited(boolean f) {
            this.freezeInherited = f;
            return this;
        }

        /** @param t the final training (default 709,632 iterations = 24 COCO epochs at batch 4); @return this builder */
        public Builder optFinalTraining(TrainSettings t) {
            this.finalTraining = Objects.requireNonNull(t, "optFinalTraining: null");
            return this;
        }

        /** @param d detection data, or null for the default: the synthetic shapes set in the run directory; @return this builder */
        public Builder optDetectionData(DetectionData d) {
            this.detection = d;
            return this;
        }

        /**
         * @param annotations COCO instances JSON
         * @param images the image folder
         * @return this builder
         */
        public Builder optDetectionData(Path annotations, Path images) {
            Objects.requireNonNull(annotations, "optDetectionData: null annotations file");
            Objects.requireNonNull(images, "optDetectionData: null image folder");
            return optDetectionData(CocoData.reader().read(annotations, images));
        }

        /**
         * @param d detection data
         * @return this builder
         * @deprecated the shared name is {@link #optDetectionData(DetectionData)}, as DetNAS's
         */
        @Deprecated
        public Builder optData(DetectionData d) {
            return optDetectionData(d);
        }

        /**
         * @param annotations COCO instances JSON
         * @param images the image folder
         * @return this builder
         * @deprecated the shared name is {@link #optDetectionData(Path, Path)}, as DetNAS's
         */
        @Deprecated
        public Builder optData(Path annotations, Path images) {
            return optDetectionData(annotations, images);
        }

        /** @param f share of the user's images held out for scoring (default 0.05); @return this builder */
        public Builder optHoldoutFraction(double f) {
            if (!(f > 0 && f < 1)) {
                throw new IllegalArgumentException("optHoldoutFraction: must be in (0, 1), got " + f);
            }
            this.holdoutFraction = f;
            return this;
        }

        /** @param n synthetic training images when no data is given (default 64); @return this builder */
        public Builder optSyntheticImages(int n) {
            this.syntheticImages = positive("optSyntheticImages", n);
            return this;
        }

        /** @param folder reignition's classification image folder, or null for the default: synthetic shapes crops; @return this builder */
        public Builder optClassificationData(Path folder) {
            this.classification = folder;
            return this;
        }

        /** @param dir the run directory (default: a new temporary folder); @return this builder */
        public Builder optRunDirectory(Path dir) {
            this.runDirectory = dir;
            return this;
        }

        /** @param s the seed (default 0); @return this builder */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Continues a run cut short in the run directory (default false, as every method: a run
         * directory holding an unfinished run is refused unless told to resume it; a finished run
         * of the same settings is read back either way).
         *
         * @param r whether to resume
         * @return this builder
         */
        public Builder optResume(boolean r) {
            this.resume = r;
            return this;
        }

        /**
         * @param c limits every candidate must meet, or null for the default: none, costs counted at
         *     {@link #optImageSize}
         * @return this builder
         */
        public Builder optConstraints(Constraints c) {
            this.constraints = c;
            return this;
        }

        /**
         * Sets who evaluates the serial and parallel candidates (default
         * {@link CandidateExecutor#inProcess()}; {@code SparkExecutor} of the optional nas-spark
         * module runs them on a cluster, whose workers read the run directory, with its models and
         * lineage, from the same paths (a shared file system) or, with a staging folder, exchange
         * them with the driver there, and the COCO or VOC data from the same paths, from URIs, or
         * from copies the driver staged). The
         * executor never changes the result and is not part of the run's settings.
         *
         * @param e the executor
         * @return this builder
         */
        public Builder optExecutor(CandidateExecutor e) {
            this.executor = Objects.requireNonNull(e, "optExecutor: null");
            return this;
        }

        /** @param l a search listener; @return this builder */
        public Builder addListener(SearchListener l) {
            listeners.add(Objects.requireNonNull(l, "addListener: null"));
            return this;
        }

        /** @param l a training listener (candidate, reignition and final trainings); @return this builder */
        public Builder addTrainingListener(TrainingListener l) {
            trainingListeners.add(Objects.requireNonNull(l, "addTrainingListener: null"));
            return this;
        }

        /** @return the candidates' fine-tuning settings so far */
        public TrainSettings fineTune() {
            return fineTune;
        }

        /** @return the reignition training settings so far */
        public TrainSettings reignition() {
            return reignition;
        }

        /** @return the final training settings so far */
        public TrainSettings finalTraining() {
            return finalTraining;
        }

        /** @return the seed architecture so far */
        public SpNasArch seedArch() {
            return seedArch;
        }

        /** @return the training image size so far */
        public int inputSize() {
            return inputSize;
        }

        /**
         * The settings a run directory is bound to ({@code spnas.json}: a resume with other
         * settings is refused); listeners, constraints and the run directory are not part of them.
         *
         * @return one field per setting
         */
        public JsonObject settings() {
            JsonObject now = new JsonObject();
            now.addProperty("seed_arch", seedArch.encode());
            now.addProperty("width", width);
            now.addProperty("head", head);
            now.addProperty("channels", channels);
            now.addProperty("tower_depth", towerDepth);
            now.addProperty("input_size", inputSize);
            now.addProperty("fine_tune", fineTune.describe());
            now.addProperty("seed_iterations", seedIterations);
            now.addProperty("serial_samples", serialSamples);
            now.addProperty("mutation", numMutate + "/" + expandRatio + "/" + addStageRatio + "/" + maxStages);
            now.addProperty("reignition", patience + "/" + maxReignitions + "/" + reignition.describe());
            now.addProperty("parallel", parallelSamples + "/" + zeroShare + "/" + sharedCopies);
            now.addProperty(SpNasPipeline.PARALLEL_PARENT_KEY, SpNasPipeline.PARALLEL_PARENT);
            now.addProperty("final", finalTraining.describe());
            now.addProperty("data", detection == null ? "shapes/" + syntheticImages : detection.source() + "/" + holdoutFraction);
            now.addProperty("classification", String.valueOf(classification));
            now.addProperty("seed", seed);
            if (freezeInherited) {
                // only when set, so runs written before the option existed still resume
                now.addProperty("freeze_inherited", true);
            }
            return now;
        }

        /** @return the run, validated */
        public SpNas build() {
            if (resume && runDirectory == null) {
                throw new IllegalArgumentException("optResume: resuming needs optRunDirectory");
            }
            if (seedArch.serialCode().stages() > maxStages) {
                // A value the caller gave (the CLI's --seed-arch and --max-stages), not a state of ours.
                throw new IllegalArgumentException("optMaxStages: " + maxStages + " is fewer than the " + seedArch.serialCode().stages()
                        + " stages of the seed " + seedArch.encode() + " (optSeedArch)");
            }
            if (java.util.Arrays.stream(seedArch.parallel()).anyMatch(k -> k > 0)) {
                // The parallel step grows copies from the serial front; copies in the seed would be
                // inherited into more copies, which no weight map makes function-preserving.
                throw new IllegalArgumentException("optSeedArch (--seed-arch): the seed " + seedArch.encode()
                        + " has parallel copies; the search adds them itself: give a serial seed (all zeros after the code)");
            }
            new SerialMutation(numMutate, expandRatio, addStageRatio, maxStages);
            new DetectorRecipe(head, width, sharedCopies, channels, towerDepth, inputSize).spec(seedArch); // names a bad head
            return new SpNas(copy());
        }

        private static int positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + ": must be >= 1, got " + v);
            }
            return v;
        }

        private static int nonNegative(String name, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(name + ": must be >= 0, got " + v);
            }
            return v;
        }

        private static double ratio(String name, double v) {
            if (!(v >= 0 && v < 1)) {
                throw new IllegalArgumentException(name + ": must be in [0, 1), got " + v);
            }
            return v;
        }
    }
}
