package org.nas4det.core.train;

import com.google.common.base.Preconditions;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.common.base.Stopwatch;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.Seeds;
import org.nas4det.core.io.AtomicFiles;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.nn.LoadedWeights;

/**
 * The training loop for detectors, classifiers and supernets: SGD with momentum and weight decay
 * under a learning-rate schedule, optional gradient clipping, updates restricted to the
 * parameters a selector returns for each step (single-path supernet training), a NaN/Inf guard,
 * periodic checkpoints written atomically and an exact resume, periodic evaluation, listeners.
 *
 * <p>Every step runs inside an {@link NDScope} and its own NDManager, both closed at the end of
 * the step: a run of any length holds a flat number of NDArrays. The engine's random seed is set
 * from (seed, iteration) at each step and batches are a function of the iteration, so a resumed
 * run continues exactly as an uninterrupted one would.
 *
 * <pre>{@code
 * TrainingLoop.builder()
 *     .setBlock(detector)
 *     .setObjective((ps, data, labels) -> detector.losses(ps, data.head(), labels))
 *     .setData(DatasetBatches.of(train, 8, 0))
 *     .setSchedule(LearningRateSchedule.steps(0.01f, 2000, 1500).warmup(100, 1f / 3, false))
 *     .setIterations(2000)
 *     .optRunDirectory(runDir.resolve("train")).optCheckpointEvery(500)
 *     .addTrainingListener(TrainingListener.progressBar())
 *     .build().run(manager);
 * }</pre>
 */
public final class TrainingLoop {

    /** Computes the named losses of a batch (training mode). */
    @FunctionalInterface
    public interface Objective {
        /**
         * Computes the losses.
         *
         * @param ps the parameter store
         * @param data batched inputs
         * @param labels batched labels
         * @return named scalar losses; their sum is minimised
         */
        Map<String, NDArray> losses(ParameterStore ps, NDList data, NDList labels);
    }

    private static final String STATE = "training.json";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingLoop.class);

    private final Block block;
    private final Objective objective;
    private final BatchSource data;
    private final LearningRateSchedule schedule;
    private final int iterations;
    private final float momentum;
    private final float weightDecay;
    private final boolean noDecayOnNormAndBias;
    private final float clipNorm;
    private final IntFunction<Collection<Parameter>> selector;
    private final boolean selectorCoversForward;
    private final java.util.function.IntConsumer beforeStep;
    private final Path checkpointDir;
    private final int checkpointEvery;
    private final int evaluateEvery;
    private final IntFunction<Map<String, Double>> evaluation;
    private final List<TrainingListener> listeners;
    private final long seed;
    private final JsonObject identity;
    private final NonFiniteSteps nonFinite = new NonFiniteSteps("training");

    private TrainingLoop(Builder b) {
        this.block = b.block;
        this.objective = b.objective;
        this.data = b.data;
        this.schedule = b.schedule;
        this.iterations = b.iterations;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.noDecayOnNormAndBias = b.noDecayOnNormAndBias;
        this.clipNorm = b.clipNorm;
        this.selector = b.selector;
        this.selectorCoversForward = b.selectorCoversForward;
        this.beforeStep = b.beforeStep;
        this.checkpointDir = b.checkpointDir;
        this.checkpointEvery = b.checkpointEvery;
        this.evaluateEvery = b.evaluateEvery;
        this.evaluation = b.evaluation;
        this.listeners = List.copyOf(b.listeners);
        this.seed = b.seed;
        // What the checkpoints belong to besides the loop's seed and schedule: the batch size and
        // the caller's model and data (compared when resuming).
        JsonObject id = new JsonObject();
        id.addProperty("batch_size", b.data == null ? 0 : b.data.batchSize());
        if (b.identity != null) {
            b.identity.entrySet().forEach(e -> id.add(e.getKey(), e.getValue()));
        }
        this.identity = id;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the remaining iterations (all of them, or those after the last checkpoint).
     *
     * @param manager the parent of every step's manager (not the model's manager)
     * @return the number of iterations done
     * @throws NonFiniteLossException when a loss is NaN or infinite
     */
    public int run(NDManager manager) {
        List<Parameter> trainable = trainableParameters();
        try (NDManager optimizerState = manager.newSubManager()) {
            SgdOptimizer sgd = new SgdOptimizer(momentum, weightDecay, noDecayOnNormAndBias, clipNorm, optimizerState);
            int start = checkpointDir == null ? 0 : restore(manager, sgd);
            for (TrainingListener l : listeners) {
                l.onStart(start, iterations);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            for (int it = start; it < iterations; it++) {
                step(manager, ps, sgd, trainable, it);
                int done = it + 1;
                if (checkpointDir != null && (done % checkpointEvery == 0 || done == iterations)) {
                    checkpoint(sgd, done);
                }
                if (evaluation != null && evaluateEvery > 0 && (done % evaluateEvery == 0 || done == iterations)) {
                    Map<String, Double> metrics;
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        metrics = evaluation.apply(done);
                    }
                    for (TrainingListener l : listeners) {
                        l.onEvaluation(done, metrics);
                    }
                }
            }
            for (TrainingListener l : listeners) {
                l.onFinish(iterations);
            }
            return iterations;
        }
    }

    private void step(NDManager manager, ParameterStore ps, SgdOptimizer sgd, List<Parameter> trainable, int it) {
        Stopwatch sw = Stopwatch.createStarted();
        float lr = schedule.at(it);
        Map<String, Float> values = new LinkedHashMap<>();
        float gradientNorm;
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            Seeds.seedEngine(seed, it);
            if (beforeStep != null) {
                beforeStep.accept(it);
            }
            NDList[] batch = data.batch(step, it);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> losses = objective.losses(ps, batch[0], batch[1]);
                NDArray total = null;
                for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                    values.put(e.getKey(), e.getValue().getFloat());
                    total = total == null ? e.getValue() : total.add(e.getValue());
                }
                for (Map.Entry<String, Float> e : values.entrySet()) {
                    if (!Float.isFinite(e.getValue())) {
                        throw new NonFiniteLossException(it,
                                String.format(Locale.ROOT, "%s is %s at learning rate %g", e.getKey(), e.getValue(), lr),
                                String.format(Locale.ROOT,
                                "training stopped at iteration %d: %s is %s (losses %s, learning rate %g);"
                                        + " lower the learning rate, add warm-up or gradient clipping, or check the data",
                                it, e.getKey(), e.getValue(), values, lr));
                    }
                }
                gc.backward(Objects.requireNonNull(total, "the objective returned no loss"));
            }
            Collection<Parameter> selected = selector == null ? trainable : selector.apply(it);
            gradientNorm = sgd.step(selected, lr);
            // A parameter outside the forward got no gradient: zeroing the step's own is enough.
            sgd.zeroGradients(selectorCoversForward ? selected : trainable);
        }
        nonFinite.check(it, gradientNorm, lr, values);
        TrainingStep s = new TrainingStep(it, iterations, values, lr, sw.elapsed(TimeUnit.NANOSECONDS) / 1e9, data.batchSize(),
                gradientNorm);
        for (TrainingListener l : listeners) {
            l.onStep(s);
        }
    }

    private List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    private Map<String, String> idToName() {
        Map<String, String> m = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            m.put(p.getValue().getId(), p.getKey());
        }
        return m;
    }

    private void checkpoint(SgdOptimizer sgd, int done) {
        RunDirectory dir = RunDirectory.open(checkpointDir);
        String weights = String.format(Locale.ROOT, "weights-%08d.params", done);
        String optim = String.format(Locale.ROOT, "optimizer-%08d.ndlist", done);
        try {
            AtomicFiles.writeData(dir.file(weights), block::saveParameters);
            Map<String, String> names = idToName();
            JsonArray ids = new JsonArray();
            NDList buffers = new NDList();
            for (Map.Entry<String, NDArray> e : sgd.state().entrySet()) {
                ids.add(names.get(e.getKey()));
                buffers.add(e.getValue());
            }
            AtomicFiles.writeBytes(dir.file(optim), buffers.encode());
            JsonObject state = new JsonObject();
            state.addProperty("iteration", done);
            state.addProperty("iterations", iterations);
            state.addProperty("schedule", schedule.describe());
            state.addProperty("seed", seed);
            state.add("identity", identity);
            state.addProperty("skipped_in_a_row", nonFinite.inARow());
            state.add(RunEnvironment.KEY, RunEnvironment.current());
            state.addProperty("weights", weights);
            state.addProperty("optimizer", optim);
            state.add("optimizer_parameters", ids);
            // The pointer file changes last and atomically: a kill leaves the old or the new state.
            dir.writeJsonAtomically(STATE, state);
            try (Stream<Path> files = Files.list(dir.root())) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String n = p.getFileName().toString();
                    if ((n.startsWith("weights-") || n.startsWith("optimizer-")) && !n.equals(weights) && !n.equals(optim)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a training checkpoint in " + checkpointDir, e);
        }
        for (TrainingListener l : listeners) {
            l.onCheckpoint(done, checkpointDir);
        }
    }

    private int restore(NDManager manager, SgdOptimizer sgd) {
        RunDirectory dir = RunDirectory.open(checkpointDir);
        JsonObject state = dir.readJson(STATE);
        if (state == null) {
            return 0;
        }
        if (state.get("seed").getAsLong() != seed || !state.get("schedule").getAsString().equals(schedule.describe())) {
            throw new org.nas4det.core.io.RunDirectoryConflictException("cannot resume training in " + checkpointDir
                    + ": it was started with seed " + state.get("seed") + " and schedule " + state.get("schedule")
                    + ", now seed " + seed + " and " + schedule.describe()
                    + "; use the same settings or another output folder");
        }
        requireSameIdentity(state);
        RunEnvironment.requireSame(state.getAsJsonObject(RunEnvironment.KEY), checkpointDir);
        try (InputStream is = Files.newInputStream(dir.file(state.get("weights").getAsString()));
                DataInputStream in = new DataInputStream(is)) {
            // Loaded weights live where the current ones do: the model's manager; the replaced ones
            // are closed (no store has seen them yet: this loop's is made after the restore).
            LoadedWeights.load(block, trainableParameters().get(0).getArray().getManager(), in);
            LoadedWeights.enableGradients(block);
            NDList buffers = NDList.decode(manager, Files.readAllBytes(dir.file(state.get("optimizer").getAsString())));
            Map<String, String> byName = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                byName.put(p.getKey(), p.getValue().getId());
            }
            List<String> ids = new ArrayList<>();
            for (var e : state.getAsJsonArray("optimizer_parameters")) {
                String id = byName.get(e.getAsString());
                if (id == null) {
                    // Its momentum would silently start over.
                    throw new org.nas4det.core.io.RunDirectoryConflictException("cannot resume training in " + checkpointDir
                            + ": its checkpoint has momentum for " + e.getAsString() + ", which this model does not have"
                            + " (written by an earlier version or for another architecture); use another output folder");
                }
                ids.add(id);
            }
            sgd.restore(ids, buffers);
        } catch (ai.djl.MalformedModelException e) {
            throw new org.nas4det.core.io.RunDirectoryConflictException("cannot resume training in " + checkpointDir + ": its checkpoint "
                    + state.get("weights").getAsString() + " does not fit this model (" + e.getMessage()
                    + "); use the same architecture and data or another output folder");
        } catch (IOException e) {
            throw new IllegalStateException("cannot resume training from " + checkpointDir + ": " + e.getMessage(), e);
        }
        if (state.has("skipped_in_a_row")) {
            nonFinite.resume(state.get("skipped_in_a_row").getAsInt());
        }
        return state.get("iteration").getAsInt();
    }

    /**
     * Refuses a checkpoint made for another batch size, model or data ({@link Builder#optIdentity}),
     * naming what differs (checkpoints written before the identity was recorded have none).
     */
    private void requireSameIdentity(JsonObject state) {
        JsonObject was = state.getAsJsonObject("identity");
        // Compared as text: a float read back from JSON is not equal to the float written.
        if (was == null || was.toString().equals(identity.toString())) {
            return;
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(was.keySet());
        keys.addAll(identity.keySet());
        List<String> differ = new ArrayList<>();
        for (String k : keys) {
            if (!String.valueOf(was.get(k)).equals(String.valueOf(identity.get(k)))) {
                differ.add(k + " " + was.get(k) + ", now " + identity.get(k));
            }
        }
        throw new org.nas4det.core.io.RunDirectoryConflictException("cannot resume training in " + checkpointDir
                + ": its checkpoints were made with " + String.join("; ", differ)
                + "; use the same settings or another output folder");
    }

    /** Builds a {@link TrainingLoop}. */
    public static final class Builder {
        private Block block;
        private Objective objective;
        private BatchSource data;
        private LearningRateSchedule schedule;
        private int iterations = -1;
        private float momentum = 0.9f;
        private float weightDecay = 1e-4f;
        private boolean noDecayOnNormAndBias;
        private float clipNorm;
        private IntFunction<Collection<Parameter>> selector;
        private boolean selectorCoversForward;
        private java.util.function.IntConsumer beforeStep;
        private Path checkpointDir;
        private int checkpointEvery = 1000;
        private int evaluateEvery;
        private IntFunction<Map<String, Double>> evaluation;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private long seed;
        private JsonObject identity;

        private Builder() {}

        /**
         * Sets the block to train (initialised).
         *
         * @param b the block
         * @return this builder
         */
        public Builder setBlock(Block b) {
            this.block = Preconditions.checkNotNull(b, "setBlock: null");
            return this;
        }

        /**
         * Sets the objective.
         *
         * @param o the objective
         * @return this builder
         */
        public Builder setObjective(Objective o) {
            this.objective = Preconditions.checkNotNull(o, "setObjective: null");
            return this;
        }

        /**
         * Sets the batches.
         *
         * @param d the batch source
         * @return this builder
         */
        public Builder setData(BatchSource d) {
            this.data = Preconditions.checkNotNull(d, "setData: null");
            return this;
        }

        /**
         * Sets the schedule; its length is the number of iterations unless set otherwise.
         *
         * @param s the schedule
         * @return this builder
         */
        public Builder setSchedule(LearningRateSchedule s) {
            this.schedule = Preconditions.checkNotNull(s, "setSchedule: null");
            return this;
        }

        /**
         * Sets the number of iterations.
         *
         * @param n iterations, 0 or more
         * @return this builder
         */
        public Builder setIterations(int n) {
            Preconditions.checkArgument(n >= 0, "setIterations: must be >= 0, got %s", n);
            this.iterations = n;
            return this;
        }

        /**
         * Sets momentum and weight decay (defaults 0.9 and 1e-4).
         *
         * @param m momentum, in [0, 1)
         * @param wd weight decay, >= 0
         * @return this builder
         */
        public Builder optSgd(float m, float wd) {
            Preconditions.checkArgument(m >= 0 && m < 1, "optSgd: momentum must be in [0, 1), got %s", m);
            Preconditions.checkArgument(wd >= 0 && Float.isFinite(wd), "optSgd: weight decay must be >= 0 and finite, got %s", wd);
            this.momentum = m;
            this.weightDecay = wd;
            return this;
        }

        /**
         * Exempts norm gammas/betas and biases from weight decay.
         *
         * @param v true to exempt
         * @return this builder
         */
        public Builder optNoDecayOnNormAndBias(boolean v) {
            this.noDecayOnNormAndBias = v;
            return this;
        }

        /**
         * Clips the global gradient norm.
         *
         * @param maxNorm the largest norm, 0 for none
         * @return this builder
         */
        public Builder optClipNorm(float maxNorm) {
            Preconditions.checkArgument(maxNorm >= 0, "optClipNorm: must be >= 0 (0 for none), got %s", maxNorm);
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * Restricts each step's update to the parameters the selector returns (single-path training).
         *
         * @param s iteration to parameters; null (the default) for every trainable parameter
         * @return this builder
         */
        public Builder optParameterSelector(IntFunction<Collection<Parameter>> s) {
            this.selector = s;
            return this;
        }

        /**
         * Declares that the selector returns every trainable parameter the step's forward uses
         * (single-path training of a supernet: the path and the head): then only those gradients
         * are zeroed after a step instead of every parameter's, since the others took no part in
         * the forward and their gradients stay zero. Without it a selector that leaves out a
         * parameter the forward uses (a frozen part) still has that gradient cleared every step.
         *
         * <pre>{@code builder.optParameterSelector(it -> path(it)).optSelectorCoversForward(true);}</pre>
         *
         * @param covers whether the selected parameters include every one the forward uses (default false: every
         *     trainable gradient is zeroed after each step)
         * @return this builder
         */
        public Builder optSelectorCoversForward(boolean covers) {
            this.selectorCoversForward = covers;
            return this;
        }

        /**
         * Runs a hook at the start of every step, before the batch and the forward (a supernet
         * activates the step's path here).
         *
         * @param hook receives the iteration; null (the default) for none
         * @return this builder
         */
        public Builder optBeforeStep(java.util.function.IntConsumer hook) {
            this.beforeStep = hook;
            return this;
        }

        /**
         * Writes checkpoints into a folder and resumes from it (default none: nothing is written).
         *
         * @param dir the folder, or null for none
         * @return this builder
         */
        public Builder optRunDirectory(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /**
         * Names what the checkpoints belong to besides this loop's seed, schedule and batch size
         * (the model's architecture and classes, the data): recorded with every checkpoint, and a
         * resume with a different one is refused naming the members that differ (default none).
         *
         * <pre>{@code JsonObject id = new JsonObject(); id.add("spec", spec.toJson()); loop.optIdentity(id);}</pre>
         *
         * @param identity a JSON object, compared member by member
         * @return this builder
         */
        public Builder optIdentity(JsonObject identity) {
            this.identity = Preconditions.checkNotNull(identity, "optIdentity: null").deepCopy();
            return this;
        }

        /**
         * Sets the iterations between checkpoints in the run directory (default 1000; the last
         * iteration is always checkpointed).
         *
         * @param every iterations
         * @return this builder
         */
        public Builder optCheckpointEvery(int every) {
            Preconditions.checkArgument(every >= 1, "optCheckpointEvery: the checkpoint interval must be >= 1, got %s", every);
            this.checkpointEvery = every;
            return this;
        }

        /**
         * Evaluates periodically.
         *
         * @param every iterations between evaluations, 0 for none
         * @param e iterations done to metrics; null (the default) for none
         * @return this builder
         */
        public Builder optEvaluation(int every, IntFunction<Map<String, Double>> e) {
            Preconditions.checkArgument(every >= 0, "optEvaluation: the interval must be >= 0, got %s", every);
            this.evaluateEvery = every;
            this.evaluation = e;
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
         * Sets the seed of the per-step engine randomness.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         * @throws IllegalStateException naming a required {@code set*} value that is missing
         */
        public TrainingLoop build() {
            Preconditions.checkState(block != null, "TrainingLoop.Builder: setBlock is required");
            Preconditions.checkState(objective != null, "TrainingLoop.Builder: setObjective is required");
            Preconditions.checkState(data != null, "TrainingLoop.Builder: setData is required");
            Preconditions.checkState(schedule != null, "TrainingLoop.Builder: setSchedule is required");
            Preconditions.checkState(iterations >= 0, "TrainingLoop.Builder: setIterations is required");
            return new TrainingLoop(this);
        }
    }
}
