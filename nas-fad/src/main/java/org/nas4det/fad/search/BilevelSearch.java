package org.nas4det.fad.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.io.AtomicFiles;
import org.nas4det.core.io.DamagedRunDirectoryException;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.LearningRateSchedule;
import org.nas4det.core.nn.LoadedWeights;
import org.nas4det.core.train.NonFiniteLossException;
import org.nas4det.core.train.NonFiniteSteps;
import org.nas4det.core.train.SgdOptimizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FAD's bilevel search, done right where the release is wrong (spec §7): at each iteration an
 * architecture step on the live network (first-order DARTS, or second-order with the correct
 * finite-difference term) updates the alphas with their own Adam on an architecture batch; then a
 * weight step on a weight batch updates the network weights only (SGD, momentum 0.9, biases 2× LR
 * and no decay, max-norm clipping of the weights' gradient). The two batch sources are disjoint
 * splits of the data by image.
 *
 * <p>Checkpoints hold the detector's parameters (alphas included), both SGD momentum sets and the
 * Adam moments; the state file is written last, atomically, so a kill -9 at any moment resumes
 * exactly. Every step's arrays live in a sub-manager and scope closed at the end of the step.
 *
 * <pre>{@code new BilevelSearch(detector, head, weightBatches, archBatches, settings, dir).run(manager, it -> {});}</pre>
 */
public final class BilevelSearch {

    private static final Logger LOG = LoggerFactory.getLogger(BilevelSearch.class);
    private static final String STATE = "search.json";

    private final Detector detector;
    private final SearchHead head;
    private final BatchSource weightData;
    private final BatchSource archData;
    private final SearchSettings s;
    private final Path dir;
    private final LearningRateSchedule schedule;
    private final NonFiniteSteps nonFinite = new NonFiniteSteps("FAD search");

    /**
     * Creates the search.
     *
     * @param detector the FCOS detector whose towers are {@code head} (initialised)
     * @param head the search head
     * @param weightData batches of the weight-training split
     * @param archData batches of the architecture split
     * @param settings the settings
     * @param dir checkpoint folder, or null for none
     */
    public BilevelSearch(Detector detector, SearchHead head, BatchSource weightData, BatchSource archData, SearchSettings settings,
            Path dir) {
        this.detector = detector;
        this.head = head;
        this.weightData = weightData;
        this.archData = archData;
        this.s = settings;
        this.dir = dir;
        LearningRateSchedule l = settings.dropAt() > 0 && settings.dropAt() < settings.iterations()
                ? LearningRateSchedule.steps(settings.learningRate(), Math.max(1, settings.iterations()), settings.dropAt())
                : LearningRateSchedule.steps(settings.learningRate(), Math.max(1, settings.iterations()));
        this.schedule = l.warmup(Math.min(settings.warmup(), settings.iterations()), 1f / 3, false);
    }

    /**
     * Runs the remaining iterations.
     *
     * @param manager parent of the step managers and the optimizer state
     * @param onCheckpoint called with the iterations done after every checkpoint (and at a resumed start)
     * @return the iteration it started from (0, or the checkpoint it resumed)
     */
    public int run(NDManager manager, IntConsumer onCheckpoint) {
        List<Parameter> weights = head.weightParameters(detector);
        List<Parameter> alphas = head.alphaParameters();
        List<Parameter> biases = new ArrayList<>();
        List<Parameter> others = new ArrayList<>();
        for (Parameter p : weights) {
            (isBias(p) ? biases : others).add(p);
        }
        List<Parameter> all = new ArrayList<>(weights);
        all.addAll(alphas);
        try (NDManager state = manager.newSubManager()) {
            SgdOptimizer sgd = new SgdOptimizer(0.9f, s.weightDecay(), false, 0, state);
            SgdOptimizer sgdBias = new SgdOptimizer(0.9f, 0, false, 0, state);
            AlphaAdam adam = new AlphaAdam(s.alphaLearningRate(), SearchSettings.BETA1, SearchSettings.BETA2, s.alphaWeightDecay(), state);
            int start = dir == null ? 0 : restore(manager, sgd, sgdBias, adam);
            if (start > 0) {
                LOG.info("search resumed at iteration {} of {}", start, s.iterations());
                // A kill between the checkpoint and the caller's record of it (the alphas' line) must
                // not lose that record: the restored state is the checkpoint's, so it is made again
                // (a caller that already has it skips it).
                onCheckpoint.accept(start);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            for (int it = start; it < s.iterations(); it++) {
                final int iter = it;
                float lr = schedule.at(it);
                try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
                    scope.suppressNotUsedWarning();
                    org.nas4det.core.Seeds.seedEngine(s.seed(), it);
                    NDList[] val = archData.batch(step, it);
                    NDList[] train = weightData.batch(step, it);
                    float archLoss;
                    List<NDArray> archGrads;
                    if (s.secondOrder()) {
                        float[] seen = new float[1];
                        archGrads = SecondOrder.alphaGradients(weights, alphas, () -> loss(ps, train, iter, "weight"),
                                () -> {
                                    NDArray l = loss(ps, val, iter, "architecture");
                                    seen[0] = l.getFloat();
                                    return l;
                                }, lr);
                        archLoss = seen[0];
                    } else {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray l = loss(ps, val, it, "architecture");
                            archLoss = l.getFloat();
                            gc.backward(l);
                        }
                        archGrads = gradients(alphas);
                    }
                    // A finite loss can still have a non-finite gradient (a square root or log at 0).
                    // Then the iteration moves nothing: neither step (the weight step follows the
                    // architecture step, so it waits on it), and several such iterations in a row stop
                    // the search. A non-finite weight gradient skips the weight step; the architecture
                    // step before it, from a finite gradient, stands.
                    float archNorm = archGrads == null ? Float.NaN : SgdOptimizer.globalNorm(archGrads.toArray(new NDArray[0]));
                    if (Float.isFinite(archNorm)) {
                        adam.step(alphas, archGrads);
                    }
                    sgd.zeroGradients(all);
                    float weightLoss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss(ps, train, it, "weight");
                        weightLoss = l.getFloat();
                        gc.backward(l);
                    }
                    float weightNorm = Float.isFinite(archNorm) ? weightStep(weights, others, biases, sgd, sgdBias, lr, s.clipNorm())
                            : Float.NaN;
                    sgd.zeroGradients(all);
                    nonFinite.check(it, Float.isFinite(archNorm) ? weightNorm : archNorm, lr, String.format(Locale.ROOT,
                            "weight %s, architecture %s", weightLoss, archLoss), Float.isFinite(archNorm)
                                    ? "the weight step skipped (the architecture step stands)"
                                    : "the architecture gradient is not finite: neither step taken");
                    if ((it + 1) % Math.max(1, s.iterations() / 20) == 0 || it == start) {
                        LOG.info(String.format(Locale.ROOT, "search %d/%d: weight loss %.4f, architecture loss %.4f, lr %.5f", it + 1,
                                s.iterations(), weightLoss, archLoss, lr));
                    }
                }
                int done = it + 1;
                if (dir != null && (done % s.checkpointEvery() == 0 || done == s.iterations())) {
                    checkpoint(sgd, sgdBias, adam, done);
                    onCheckpoint.accept(done);
                }
            }
            return start;
        }
    }

    private NDArray loss(ParameterStore ps, NDList[] batch, int it, String which) {
        Map<String, NDArray> losses = detector.losses(ps, batch[0].head(), batch[1]);
        NDArray total = null;
        for (NDArray l : losses.values()) {
            total = total == null ? l : total.add(l);
        }
        float v = total.getFloat();
        if (!Float.isFinite(v)) {
            throw new NonFiniteLossException(it, String.format(Locale.ROOT,
                    "FAD search stopped at iteration %d: the %s loss is %s; lower the learning rates or check the data", it, which, v));
        }
        return total;
    }

    /**
     * Whether a parameter is in the bias group (twice the learning rate, no weight decay). The
     * release tests {@code "bias" in name}, which in PyTorch also takes GroupNorm's and BatchNorm's
     * shifts (their parameter is named {@code bias}); DJL calls those {@code BETA}.
     */
    static boolean isBias(Parameter p) {
        return p.getType() == Parameter.Type.BIAS || p.getType() == Parameter.Type.BETA;
    }

    /**
     * The weight step: the global gradient norm clipped to {@code clipNorm}, biases at twice the
     * rate; when a gradient is not finite neither group moves (each optimizer would check only its
     * own and could move the other).
     *
     * @return the global gradient norm before clipping; not finite when the step was skipped
     */
    static float weightStep(List<Parameter> weights, List<Parameter> others, List<Parameter> biases, SgdOptimizer sgd,
            SgdOptimizer sgdBias, float lr, float clipNorm) {
        List<NDArray> grads = gradients(weights);
        float norm = SgdOptimizer.globalNorm(grads.toArray(new NDArray[0]));
        if (!Float.isFinite(norm)) {
            return norm;
        }
        if (clipNorm > 0 && norm > clipNorm) {
            float scale = clipNorm / (norm + 1e-6f);
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
        sgd.step(others, lr);
        sgdBias.step(biases, 2 * lr);
        return norm;
    }

    private static List<NDArray> gradients(List<Parameter> params) {
        List<NDArray> out = new ArrayList<>(params.size());
        for (Parameter p : params) {
            out.add(p.getArray().getGradient());
        }
        return out;
    }

    private Map<String, String> idToName() {
        Map<String, String> m = new HashMap<>();
        for (Pair<String, Parameter> p : detector.getParameters()) {
            m.put(p.getValue().getId(), p.getKey());
        }
        return m;
    }

    private void checkpoint(SgdOptimizer sgd, SgdOptimizer sgdBias, AlphaAdam adam, int done) {
        RunDirectory d = RunDirectory.open(dir);
        String weights = String.format(Locale.ROOT, "weights-%08d.params", done);
        String optim = String.format(Locale.ROOT, "optimizer-%08d.ndlist", done);
        try {
            AtomicFiles.writeData(d.file(weights), detector::saveParameters);
            Map<String, String> names = idToName();
            NDList buffers = new NDList();
            JsonArray ids = new JsonArray();
            JsonArray biasIds = new JsonArray();
            for (var e : sgd.state().entrySet()) {
                ids.add(names.get(e.getKey()));
                buffers.add(e.getValue());
            }
            for (var e : sgdBias.state().entrySet()) {
                biasIds.add(names.get(e.getKey()));
                buffers.add(e.getValue());
            }
            buffers.addAll(adam.state());
            AtomicFiles.writeBytes(d.file(optim), buffers.encode());
            JsonObject st = new JsonObject();
            st.addProperty("iteration", done);
            st.addProperty("skipped_in_a_row", nonFinite.inARow());
            st.add("settings", s.toJson());
            st.add(RunEnvironment.KEY, RunEnvironment.current());
            st.addProperty("weights", weights);
            st.addProperty("optimizer", optim);
            st.add("sgd", ids);
            st.add("sgd_bias", biasIds);
            st.addProperty("adam_steps", adam.steps());
            d.writeJsonAtomically(STATE, st);
            try (Stream<Path> files = Files.list(d.root())) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String n = p.getFileName().toString();
                    if ((n.startsWith("weights-") || n.startsWith("optimizer-")) && !n.equals(weights) && !n.equals(optim)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a FAD search checkpoint in " + dir, e);
        }
    }

    /**
     * @param dir a checkpoint folder
     * @return the iterations its checkpoint holds, 0 when none
     */
    public static int checkpointed(Path dir) {
        JsonObject st = RunDirectory.open(dir).readJson(STATE);
        return st == null ? 0 : st.get("iteration").getAsInt();
    }

    /**
     * Refuses, before any data is read, a checkpoint that this process cannot resume exactly: one
     * written under another engine, thread count or arithmetic ({@link RunEnvironment}), or by a
     * version that recorded none.
     *
     * <pre>{@code BilevelSearch.requireResumable(runDir.resolve(Fad.SEARCH_DIR));}</pre>
     *
     * @param dir a checkpoint folder, with or without a checkpoint
     * @throws RunDirectoryConflictException naming the difference and what to do
     */
    public static void requireResumable(Path dir) {
        if (!Files.isDirectory(dir)) {
            return; // nothing to resume; not created here, so a run refused for its data leaves no folder
        }
        JsonObject st = RunDirectory.open(dir).readJson(STATE);
        if (st != null) {
            requireSameEnvironment(st, dir);
        }
    }

    private static void requireSameEnvironment(JsonObject st, Path dir) {
        JsonObject environment = st.getAsJsonObject(RunEnvironment.KEY);
        if (environment == null) {
            // Recorded since numerics revision 3; the earlier versions' one-thread steps round differently.
            throw new RunDirectoryConflictException("cannot resume the FAD search in " + dir + ": its checkpoint was written"
                    + " by an earlier nas4det, which recorded no run environment, and this version's arithmetic rounds"
                    + " differently: finish it with the version that started it, or use another run directory");
        }
        RunEnvironment.requireSame(environment, dir);
    }

    /** A checkpoint file that cannot be read: the search cannot resume from it. */
    private DamagedRunDirectoryException damaged(Path file, String problem, Exception cause) {
        DamagedRunDirectoryException e = new DamagedRunDirectoryException(file, problem, "the FAD search cannot resume from its"
                + " checkpoint: delete " + dir + " to search again from the start, or use another run directory");
        e.initCause(cause);
        return e;
    }

    private int restore(NDManager manager, SgdOptimizer sgd, SgdOptimizer sgdBias, AlphaAdam adam) {
        RunDirectory d = RunDirectory.open(dir);
        JsonObject st = d.readJson(STATE);
        if (st == null) {
            return 0;
        }
        // Compared as text: floats read back from JSON are not equal to the floats written as numbers.
        if (!st.get("settings").toString().equals(s.toJson().toString())) {
            throw new RunDirectoryConflictException("run directory " + dir + " holds a FAD search with other settings: it was started"
                    + " with " + st.get("settings") + ", now " + s.toJson() + ": run with the settings it was started with, or in another"
                    + " directory");
        }
        requireSameEnvironment(st, dir);
        Path reading = d.file(st.get("weights").getAsString());
        try (InputStream is = Files.newInputStream(reading); DataInputStream in = new DataInputStream(is)) {
            // The replaced arrays are closed: no store has seen them (the search's is made after the restore).
            LoadedWeights.load(detector, head.alphaParameters().get(0).getArray().getManager(), in);
            LoadedWeights.enableGradients(detector);
            reading = d.file(st.get("optimizer").getAsString());
            NDList buffers;
            try {
                buffers = NDList.decode(manager, Files.readAllBytes(reading));
            } catch (RuntimeException e) {
                throw damaged(reading, "cannot be decoded (" + e.getMessage() + ")", e);
            }
            Map<String, Parameter> byName = new HashMap<>();
            for (Pair<String, Parameter> p : detector.getParameters()) {
                byName.put(p.getKey(), p.getValue());
            }
            int k = 0;
            for (SgdOptimizer o : List.of(sgd, sgdBias)) {
                JsonArray names = st.getAsJsonArray(o == sgd ? "sgd" : "sgd_bias");
                List<String> ids = new ArrayList<>();
                NDList part = new NDList();
                for (var e : names) {
                    Parameter p = byName.get(e.getAsString());
                    if (p != null && isBias(p) != (o == sgdBias)) {
                        // Written before norm shifts counted as biases: their momentum would start over.
                        throw new RunDirectoryConflictException("cannot resume the FAD search in " + dir + ": its checkpoint has "
                                + e.getAsString() + " in the other optimizer group (written by an earlier version);"
                                + " start again in another run directory");
                    }
                    if (p == null) {
                        // Its momentum would silently start over.
                        throw new RunDirectoryConflictException("cannot resume the FAD search in " + dir + ": its checkpoint"
                                + " has momentum for " + e.getAsString() + ", which this version's detector does not have"
                                + " (written by an earlier version); start again in another run directory");
                    }
                    ids.add(p.getId());
                    part.add(buffers.get(k++));
                }
                o.restore(ids, part);
            }
            NDList moments = new NDList();
            while (k < buffers.size()) {
                moments.add(buffers.get(k++));
            }
            adam.restore(st.get("adam_steps").getAsInt(), moments);
        } catch (java.nio.file.NoSuchFileException e) {
            throw damaged(reading, "it does not exist", e);
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw damaged(reading, e instanceof java.io.EOFException ? "the file is truncated" : String.valueOf(e.getMessage()), e);
        }
        if (st.has("skipped_in_a_row")) {
            nonFinite.resume(st.get("skipped_in_a_row").getAsInt());
        }
        return st.get("iteration").getAsInt();
    }
}
