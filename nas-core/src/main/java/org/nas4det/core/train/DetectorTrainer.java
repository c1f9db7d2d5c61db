package org.nas4det.core.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.common.base.Preconditions;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.ImageCheck;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.eval.DatasetEvaluation;
import org.nas4det.core.nn.LoadedWeights;

/**
 * Trains a detector described by a {@link DetectorSpec} on a detection data set and evaluates it:
 * the data pipeline (resize to the spec's input size, flips, normalisation), SGD with linear
 * warm-up and cosine decay, gradient clipping, checkpoints and resume in {@code output/checkpoints},
 * the final model in {@code output/model}, periodic COCO evaluation on the validation data.
 *
 * <pre>{@code
 * CocoMetrics m = DetectorTrainer.builder().setSpec(spec).setTrainData(train).optValData(val)
 *     .optIterations(1000).optRunDirectory(Path.of("runs/fcos")).build().train(manager);
 * }</pre>
 */
public final class DetectorTrainer {

    /** The engine stream of the initial weights, apart from the steps' streams (their iterations). */
    static final long INIT_STREAM = -1;

    private final DetectorSpec spec;
    private final DetectionData train;
    private final DetectionData val;
    private final int iterations;
    private final int batchSize;
    private final long seed;
    private final Path output;
    private final int evaluateEvery;
    private final int checkpointEvery;
    private final List<TrainingListener> listeners;
    private final Path initialWeights;
    private final Set<String> frozen;
    private final LearningRateSchedule schedule;
    private Detector detector;

    private DetectorTrainer(Builder b) {
        this.spec = b.spec;
        this.train = b.train;
        this.val = b.val;
        this.iterations = b.iterations;
        this.batchSize = b.batchSize;
        this.schedule = b.schedule != null ? b.schedule
                : LearningRateSchedule.cosineAfterWarmup(b.learningRate, b.iterations, b.warmup);
        this.seed = b.seed;
        this.output = b.output;
        this.evaluateEvery = b.evaluateEvery;
        this.checkpointEvery = b.checkpointEvery;
        this.listeners = List.copyOf(b.listeners);
        this.initialWeights = b.initialWeights;
        this.frozen = Set.copyOf(b.frozen);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the detector being (or last) trained */
    public Detector detector() {
        return detector;
    }

    /**
     * Trains (resuming from {@code output/checkpoints} when it holds a checkpoint), saves the
     * model and evaluates it on the validation data.
     *
     * @param manager owns the detector's weights
     * @return the final validation metrics, or null without validation data
     */
    public CocoMetrics train(NDManager manager) {
        // A broken image must stop the run before the first step, not after training has
        // written a model (a validation image is otherwise first read at the very end).
        ImageCheck.decodeAll(train);
        ImageCheck.decodeAll(val);
        train.warnIfNoObjects("training");
        int size = spec.inputSize();
        // The weights' stream: training steps use streams 0, 1, 2 … (TrainingLoop).
        Seeds.seedEngine(seed, INIT_STREAM);
        detector = spec.build(train.categories().size());
        detector.initialize(manager, DataType.FLOAT32, new Shape(batchSize, 3, size, size));
        if (initialWeights != null) {
            loadInitialWeights(manager);
        }
        freeze();
        DetectionDataset trainSet = DetectionDataset.builder().setData(train).optSeed(seed)
                .optTransforms(DetectionDataset.trainTransforms(size, size)).setSampling(batchSize, true).build();
        DetectionDataset valSet = val == null ? null : DetectionDataset.builder().setData(val)
                .optTransforms(DetectionDataset.evalTransforms(size, size)).setSampling(Math.max(1, batchSize), false).build();
        ParameterStore ps = new ParameterStore(manager, false);
        Detector d = detector;
        TrainingLoop.Builder loop = TrainingLoop.builder()
                .setBlock(d)
                .setObjective((p, x, y) -> d.losses(p, x.head(), y))
                .setData(DatasetBatches.of(trainSet, Math.min(batchSize, train.samples().size()), seed))
                .setSchedule(schedule)
                .setIterations(iterations)
                .optSgd(0.9f, 1e-4f)
                .optClipNorm(10f)
                .optSeed(seed);
        if (output != null) {
            loop.optRunDirectory(output.resolve("checkpoints")).optCheckpointEvery(checkpointEvery).optIdentity(identity());
        }
        if (valSet != null && evaluateEvery > 0) {
            loop.optEvaluation(evaluateEvery, it -> summary(DatasetEvaluation.evaluate((x, t) -> d.predict(ps, x, t), valSet, manager)));
        }
        listeners.forEach(loop::addTrainingListener);
        loop.build().run(manager);
        if (output != null) {
            SavedDetector.save(output.resolve("model"), spec, train.categories(), d);
        }
        return valSet == null ? null : DatasetEvaluation.evaluate((x, t) -> d.predict(ps, x, t), valSet, manager);
    }

    /** What this training's checkpoints belong to: the detector, its classes, what is frozen and the training data's content. */
    private JsonObject identity() {
        JsonObject id = new JsonObject();
        id.add("spec", spec.toJson());
        JsonArray cats = new JsonArray();
        for (int i = 0; i < train.categories().size(); i++) {
            cats.add(train.categories().id(i) + ":" + train.categories().name(i));
        }
        id.add("categories", cats);
        JsonArray f = new JsonArray();
        new TreeSet<>(frozen).forEach(f::add);
        id.add("frozen", f);
        // What the data holds, not where it lies: a run directory (with the data some methods keep
        // in it) may be moved, or the data reached through another path.
        id.addProperty("train_data", train.contentDigest());
        return id;
    }

    private void loadInitialWeights(NDManager manager) {
        Path file = initialWeights.resolve("detector.params");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            LoadedWeights.load(detector, manager, in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(initialWeights + ": no detector.params: not a saved detector folder");
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot load the initial weights (" + e.getMessage()
                    + "); the saved detector must have this spec's architecture and classes", e);
        }
        LoadedWeights.enableGradients(detector);
    }

    /** Stops gradient updates of the frozen tensors (BN running statistics still follow the data). */
    private void freeze() {
        Set<String> missing = new TreeSet<>(frozen);
        for (Pair<String, Parameter> p : detector.getParameters()) {
            if (missing.remove(p.getKey())) {
                p.getValue().freeze(true);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("cannot freeze " + missing + ": the detector has no such tensors");
        }
    }

    /**
     * The metrics a training log shows.
     *
     * @param m COCO metrics
     * @return AP, AP50, AP75
     */
    public static Map<String, Double> summary(CocoMetrics m) {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("AP", m.stat("AP"));
        s.put("AP50", m.stat("AP50"));
        s.put("AP75", m.stat("AP75"));
        return s;
    }

    /** Builds a {@link DetectorTrainer}. */
    public static final class Builder {
        private DetectorSpec spec;
        private DetectionData train;
        private DetectionData val;
        private int iterations = 1000;
        private int batchSize = 8;
        private float learningRate = 0.01f;
        private int warmup = 100;
        private LearningRateSchedule schedule;
        private long seed;
        private Path output;
        private int evaluateEvery;
        private int checkpointEvery = 200;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path initialWeights;
        private Set<String> frozen = Set.of();

        private Builder() {}

        /**
         * Freezes tensors by name, as {@code detector.getParameters()} names them: the optimizer
         * never updates them (BN running statistics still follow the data in training mode).
         * E.g. the inherited tensors of an SP-NAS child, {@code optInitialWeights} holding their values.
         *
         * @param names the tensors' names (default none)
         * @return this builder
         */
        public Builder optFrozen(Collection<String> names) {
            this.frozen = Set.copyOf(Preconditions.checkNotNull(names, "optFrozen: null (an empty set freezes none)"));
            return this;
        }

        /**
         * Starts from the weights of a saved detector folder (e.g. a DetNAS export) instead of
         * random ones; its architecture and classes must be this spec's.
         *
         * @param savedDetector folder holding {@code detector.params}; null (the default) for random weights
         * @return this builder
         */
        public Builder optInitialWeights(Path savedDetector) {
            this.initialWeights = savedDetector;
            return this;
        }

        /**
         * Sets the detector spec.
         *
         * @param s the spec
         * @return this builder
         */
        public Builder setSpec(DetectorSpec s) {
            this.spec = Preconditions.checkNotNull(s, "setSpec: null");
            return this;
        }

        /**
         * Sets the training data.
         *
         * @param d the data
         * @return this builder
         */
        public Builder setTrainData(DetectionData d) {
            this.train = Preconditions.checkNotNull(d, "setTrainData: null");
            return this;
        }

        /**
         * Sets the validation data (default none: no evaluation, and {@link DetectorTrainer#train} returns null).
         *
         * @param d the data, or null for none
         * @return this builder
         */
        public Builder optValData(DetectionData d) {
            this.val = d;
            return this;
        }

        /**
         * Sets the number of iterations (default 1000).
         *
         * @param n iterations
         * @return this builder
         */
        public Builder optIterations(int n) {
            Preconditions.checkArgument(n >= 1, "optIterations: must be >= 1, got %s", n);
            this.iterations = n;
            return this;
        }

        /**
         * Sets the batch size (default 8).
         *
         * @param n images per batch
         * @return this builder
         */
        public Builder optBatchSize(int n) {
            Preconditions.checkArgument(n >= 1, "optBatchSize: must be >= 1, got %s", n);
            this.batchSize = n;
            return this;
        }

        /**
         * Sets the base learning rate (default 0.01) and warm-up iterations (default 100).
         *
         * @param lr learning rate, > 0
         * @param warmupIterations linear warm-up from 0.1 × lr, >= 0
         * @return this builder
         */
        public Builder optLearningRate(float lr, int warmupIterations) {
            Preconditions.checkArgument(lr > 0 && Float.isFinite(lr), "optLearningRate: the rate must be > 0 and finite, got %s", lr);
            Preconditions.checkArgument(warmupIterations >= 0, "optLearningRate: the warm-up must be >= 0 iterations, got %s",
                    warmupIterations);
            this.learningRate = lr;
            this.warmup = warmupIterations;
            return this;
        }

        /**
         * Sets the whole learning-rate schedule, for a method whose paper trains with another one
         * (default: cosine decay of {@link #optLearningRate}'s rate over the iterations, after its
         * linear warm-up from 0.1 × the rate).
         *
         * <pre>{@code t.optSchedule(LearningRateSchedule.steps(0.01f, 90_000, 60_000, 80_000).warmup(500, 1f / 3, true));}</pre>
         *
         * @param s the schedule, over this training's iterations; null for the default
         * @return this builder
         */
        public Builder optSchedule(LearningRateSchedule s) {
            this.schedule = s;
            return this;
        }

        /**
         * Sets the seed (weights, shuffling, augmentation).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets the run directory: checkpoints and the final model (default none).
         *
         * @param dir the folder, or null for none
         * @return this builder
         */
        public Builder optRunDirectory(Path dir) {
            this.output = dir;
            return this;
        }

        /**
         * Evaluates on the validation data every N iterations.
         *
         * @param n iterations, 0 for only at the end
         * @return this builder
         */
        public Builder optEvaluateEvery(int n) {
            Preconditions.checkArgument(n >= 0, "optEvaluateEvery: must be >= 0, got %s", n);
            this.evaluateEvery = n;
            return this;
        }

        /**
         * Sets the checkpoint interval (default 200).
         *
         * @param n iterations
         * @return this builder
         */
        public Builder optCheckpointEvery(int n) {
            Preconditions.checkArgument(n >= 1, "optCheckpointEvery: must be >= 1, got %s", n);
            this.checkpointEvery = n;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder addTrainingListener(TrainingListener l) {
            listeners.add(Preconditions.checkNotNull(l, "addTrainingListener: null"));
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         * @throws IllegalStateException naming a required {@code set*} value that is missing
         */
        public DetectorTrainer build() {
            Preconditions.checkState(spec != null, "DetectorTrainer.Builder: setSpec is required");
            Preconditions.checkState(train != null, "DetectorTrainer.Builder: setTrainData is required");
            return new DetectorTrainer(this);
        }
    }
}
