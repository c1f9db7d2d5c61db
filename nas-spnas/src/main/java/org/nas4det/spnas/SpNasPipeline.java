package org.nas4det.spnas;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.report.PlotListener;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunLock;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.random.SeededRandom;
import org.nas4det.core.train.DetectorTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SP-NAS pipeline over one run directory: {@code serial/} (search log, checkpoint, models,
 * reignitions, Pareto plot), {@code parallel/} (the same), {@code final/} (checkpoints of the
 * final training), {@code detector/}, {@code final.json} and {@code best_arch.txt}. Each step
 * resumes from its folder and does no work when its output exists.
 */
final class SpNasPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SpNasPipeline.class);
    static final String SETTINGS = SpNas.SETTINGS;
    private static final String FINAL = "final.json";
    /** The settings key of how the parallel step's parent is chosen; runs written before it took the best serial net. */
    static final String PARALLEL_PARENT_KEY = "parallel_parent";
    /** Its value: {@link #parallelParent}'s rule. */
    static final String PARALLEL_PARENT = "drawn from the serial front, seed + 2";
    /** Keys written only when set, and what their absence means. */
    private static final Map<String, JsonElement> ABSENT = Map.of("freeze_inherited", new JsonPrimitive(false));

    private final SpNas.Builder b;

    SpNasPipeline(SpNas.Builder b) {
        this.b = b;
    }

    SpNasResult run() {
        if (b.runDirectory != null) {
            RunDirectory.requireOwnRun(b.runDirectory, SETTINGS, "an SP-NAS run");
        }
        Path root = b.runDirectory != null ? b.runDirectory : RunDirectory.temporary("spnas");
        try (RunLock lock = RunLock.acquire(root, "SP-NAS run")) {
            return run(RunDirectory.open(root));
        }
    }

    private SpNasResult run(RunDirectory dir) {
        boolean fresh = checkSettings(dir, b);
        if (fresh) {
            // A folder without settings holds no run (they are written before its first step): a
            // splits file there is from a run that failed on its data, with fractions that may differ.
            dir.delete(SpNasData.SPLITS);
        }
        DetectorRecipe recipe = new DetectorRecipe(b.head, b.width, b.sharedCopies, b.channels, b.towerDepth, b.inputSize);
        SpNasSpace space = new SpNasSpace(b.seedArch, b.width, b.sharedCopies,
                new SerialMutation(b.numMutate, b.expandRatio, b.addStageRatio, b.maxStages));
        Constraints constraints = b.constraints != null ? b.constraints : Constraints.builder().optInput(3, b.inputSize, b.inputSize).build();
        SpNasData data = SpNasData.load(dir, b.detection, b.holdoutFraction, b.syntheticImages, b.inputSize, b.classification,
                b.maxReignitions > 0, b.seed);
        if (fresh) {
            dir.writeJsonAtomically(SETTINGS, b.settings());
        }

        Path serialDir = dir.file(SpNas.SERIAL);
        SpNasRecipe serialSettings = settings(recipe, data, serialDir, b.seed);
        SerialSearch serial = new SerialSearch(b.serialSamples, serialDir.resolve("models"), serialSettings.parents(),
                serialDir.resolve("reignition"), b.maxReignitions > 0 ? new Reignition(data.classification, b.reignition,
                        Math.max(32, b.inputSize / 2), b.seed, b.trainingListeners) : null, b.patience, b.maxReignitions);
        QuickEvaluator serialEval = new QuickEvaluator(serialSettings, data.train, data.holdout, b.trainingListeners);
        SearchResult<SpNasArch> serialResult = serial.search(problem(space, serialEval, constraints, serialDir, b.seed));
        Candidate<SpNasArch> bestSerial = serialResult.best();
        Path serialModel = serial.trainedModel(bestSerial);
        LOG.info("serial search: best {} mAP {}", bestSerial.architecture(), bestSerial.evaluation().metric("mAP"));

        SearchResult<SpNasArch> parallelResult = null;
        Candidate<SpNasArch> best = bestSerial;
        Path bestModel = serialModel;
        if (b.parallelSamples > 0) {
            Path parallelDir = dir.file(SpNas.PARALLEL);
            Candidate<SpNasArch> serialParent = parallelParent(serialResult, b.seed);
            LOG.info("parallel search around {} (drawn from the serial front of {})", serialParent.architecture(),
                    serialResult.paretoFront().size());
            SpNasRecipe parallelSettings = settings(recipe, data, parallelDir, b.seed + 1);
            ParallelSearch parallel = new ParallelSearch(serialParent.architecture(), parallelSettings.parents(),
                    new Lineage.Parent(serialParent.index(), serial.trainedModel(serialParent), 0), b.parallelSamples, b.zeroShare);
            QuickEvaluator parallelEval = new QuickEvaluator(parallelSettings, data.train, data.holdout, b.trainingListeners);
            parallelResult = parallel.search(problem(space, parallelEval, constraints, parallelDir, b.seed + 1));
            for (Candidate<SpNasArch> c : parallelResult.candidates()) {
                if (c.evaluation().metric("mAP") > best.evaluation().metric("mAP")) {
                    best = c;
                    bestModel = QuickEvaluator.modelDir(parallelDir.resolve("models"), c.architecture());
                }
            }
        }
        SpNasArch finalArch = best.architecture();
        double finalMap = finalTraining(dir, recipe, data, finalArch, bestModel);
        writeBestArch(dir, finalArch);
        return new SpNasResult(finalArch, space.cost(finalArch, constraints.input()), dir.root(), serialResult, parallelResult, finalMap,
                b.width, b.sharedCopies);
    }

    /** The quick evaluator's settings for one step: also its recipe for workers, where the data has an origin. */
    private SpNasRecipe settings(DetectorRecipe recipe, SpNasData data, Path stepDir, long seed) {
        return new SpNasRecipe(recipe, b.fineTune, b.seedIterations, data.train.origin().orElse(null),
                data.holdout.origin().orElse(null), stepDir.resolve("models").toAbsolutePath().toString(),
                stepDir.resolve("lineage").toAbsolutePath().toString(), seed, b.freezeInherited);
    }

    /** Writes {@code best_arch.txt} unless it already says the same: a resumed finished run writes nothing. */
    private static void writeBestArch(RunDirectory dir, SpNasArch arch) {
        String text = arch.encode() + "\n";
        Path file = dir.file(SpNas.BEST_ARCH);
        try {
            if (Files.exists(file) && Files.readString(file).equals(text)) {
                return;
            }
        } catch (IOException e) {
            // unreadable: write it anew
        }
        dir.writeAtomically(SpNas.BEST_ARCH, text);
    }

    /**
     * The parallel step's serial net: drawn uniformly from the serial Pareto front (mAP max, params
     * min), seeded by the run's seed, so a resumed run draws the same one.
     *
     * @param serial the serial search's result
     * @param seed the run's seed
     * @return a member of its front
     */
    static Candidate<SpNasArch> parallelParent(SearchResult<SpNasArch> serial, long seed) {
        List<Candidate<SpNasArch>> front = serial.paretoFront();
        // a stream of its own: the serial step draws from seed, the parallel step from seed + 1
        return front.get(new SeededRandom(seed + 2).nextInt(front.size()));
    }

    private SearchProblem<SpNasArch> problem(SpNasSpace space, QuickEvaluator ev, Constraints constraints, Path stepDir, long seed) {
        SearchProblem.Builder<SpNasArch> p = SearchProblem.builder(space, ev).optConstraints(constraints)
                .addObjective(Objective.maximize("mAP")).addObjective(Objective.minimizeCost("params"))
                .optSeed(seed).optResume(true).optRunDirectory(stepDir).optExecutor(b.executor).addListener(new PlotListener("params"));
        b.listeners.forEach(p::addListener);
        return p.build();
    }

    /** Trains the final architecture from its search weights into {@code detector/}; skipped when it exists. */
    private double finalTraining(RunDirectory dir, DetectorRecipe recipe, SpNasData data, SpNasArch arch, Path from) {
        Path detector = dir.file(SpNas.DETECTOR);
        JsonObject done = dir.readJson(FINAL);
        if (done != null && Files.exists(detector.resolve("detector.params")) && done.get("arch").getAsString().equals(arch.encode())) {
            return done.get("mAP").getAsDouble();
        }
        Path work = dir.file("final");
        TrainSettings t = b.finalTraining;
        CocoMetrics m;
        try (NDManager manager = NDManager.newBaseManager()) {
            DetectorTrainer.Builder tb = DetectorTrainer.builder().setSpec(recipe.spec(arch)).setTrainData(data.train)
                    .optValData(data.holdout).optIterations(t.iterations()).optBatchSize(t.batchSize())
                    .optSchedule(t.schedule()).optSeed(b.seed).optRunDirectory(work).optInitialWeights(from)
                    .optCheckpointEvery(Math.max(1, t.iterations() / 5));
            b.trainingListeners.forEach(tb::addTrainingListener);
            m = tb.build().train(manager);
        }
        try {
            QuickEvaluator.deleteTree(detector);
            Files.move(work.resolve("model"), detector, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the final detector to " + detector, e);
        }
        JsonObject f = new JsonObject();
        f.addProperty("arch", arch.encode());
        f.addProperty("mAP", 100 * Math.max(0, m.stat("AP")));
        f.addProperty("AP50", 100 * Math.max(0, m.stat("AP50")));
        f.addProperty("iterations", t.iterations());
        f.addProperty("data", "held-out split (never trained on)");
        dir.writeJsonAtomically(FINAL, f);
        QuickEvaluator.deleteTree(work);
        return f.get("mAP").getAsDouble();
    }

    /** @return whether the run in {@code dir} ran to its end: its last step's outputs are there */
    private static boolean finished(RunDirectory dir) {
        return Files.isRegularFile(dir.file(FINAL)) && Files.isRegularFile(dir.file(SpNas.BEST_ARCH))
                && Files.isDirectory(dir.file(SpNas.DETECTOR));
    }

    /**
     * Checks the run's settings against those the folder was started with: other settings are
     * refused, and so is a run cut short unless it is resumed.
     *
     * @return true for a folder without settings: the caller writes them once its data is read, so
     *     a run that fails on its data does not bind the folder to that data
     */
    static boolean checkSettings(RunDirectory dir, SpNas.Builder b) {
        JsonObject now = b.settings();
        JsonObject before = dir.readJson(SETTINGS);
        if (before != null) {
            boolean older = !before.has(PARALLEL_PARENT_KEY);
            if (older && Files.exists(dir.file(SpNas.PARALLEL))) {
                throw new RunDirectoryConflictException("cannot resume " + dir.root() + ": its parallel step was started by an older"
                        + " nas4det that took the best serial net as its parent, which is now drawn from the serial Pareto front ("
                        + PARALLEL_PARENT_KEY + "); finish it with that version or use another directory");
            }
            // Every key of either side: a setting written only when set (freeze_inherited) that the
            // run was started with and this call leaves out is a difference too.
            Set<String> keys = new TreeSet<>(now.keySet());
            keys.addAll(before.keySet());
            for (String key : keys) {
                JsonElement a = now.has(key) ? now.get(key) : ABSENT.get(key);
                JsonElement w = before.has(key) ? before.get(key) : ABSENT.get(key);
                if (!(older && key.equals(PARALLEL_PARENT_KEY)) && !Objects.equals(a, w)) {
                    throw RunDirectoryConflictException.otherSettings(dir.root(), "an SP-NAS run", key, w, a);
                }
            }
            if (!b.resume && !finished(dir)) {
                throw RunDirectoryConflictException.unfinished(dir.root(), "SP-NAS run");
            }
            if (older) {
                // Its parallel step has not begun: it runs with today's parent, and the file says so.
                dir.writeJsonAtomically(SETTINGS, now);
            }
            return false;
        }
        return true;
    }

    static List<Candidate<SpNasArch>> front(SearchResult<SpNasArch> r) {
        return r.paretoFront();
    }
}
