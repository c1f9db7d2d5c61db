package org.nas4det.spnas;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;

/**
 * SP-NAS's quick evaluation: the candidate's detector inherits its parent's trained weights
 * ({@link WeightInheritance}), is fine-tuned for a few iterations on the training split and is
 * scored by COCO AP on the held-out split (never trained on). A candidate without a parent (the
 * seed) trains from its initialisation for the seed's iterations. Every candidate's trained model
 * is kept in {@code models/<arch>/model}, where its children inherit from; the parent comes from
 * the step's {@link Lineage} file, so the same evaluator runs in the driver and, built from its
 * {@link SpNasRecipe}, on a Spark worker; a staged recipe trains in a temporary folder and
 * publishes the model to the staged models folder instead. Everything it creates lives in a
 * manager closed at its end.
 *
 * <p>Metrics: {@code mAP} (AP x 100), {@code AP50} (x 100), {@code parent} (the parent's log
 * index, -1 for none), {@code reignitions} (reignitions done before the candidate was proposed).
 * With {@code freezeInherited} the tensors the child took from its parent get no updates, only
 * the new ones train (Vega's {@code freeze_swap_keys}); by default everything trains.
 */
final class QuickEvaluator implements Evaluator<SpNasArch> {

    private final SpNasRecipe settings;
    private final DetectionData trainData;
    private final DetectionData holdout;
    private final Iterable<TrainingListener> listeners;
    private final FileSource files;

    /** A saved model's files, {@code detector.json} (written last, so it marks a whole model) last. */
    static final List<String> MODEL_FILES = List.of("detector.params", "detector.json");

    /** An evaluator of the driver: files read where they are. */
    QuickEvaluator(SpNasRecipe settings, DetectionData trainData, DetectionData holdout, Iterable<TrainingListener> listeners) {
        this(settings, trainData, holdout, listeners, FileSource.local());
    }

    /**
     * @param settings the step's settings (also its recipe, where the data has an origin)
     * @param trainData the training split
     * @param holdout the held-out split
     * @param listeners training listeners
     * @param files where a staged recipe's lineage and parents are read and its models published
     */
    QuickEvaluator(SpNasRecipe settings, DetectionData trainData, DetectionData holdout, Iterable<TrainingListener> listeners,
            FileSource files) {
        this.settings = settings;
        this.trainData = trainData;
        this.holdout = holdout;
        this.listeners = listeners;
        this.files = files;
    }

    /**
     * @param models the models folder
     * @param arch an architecture
     * @return the folder of its trained model
     */
    static Path modelDir(Path models, SpNasArch arch) {
        return models.resolve(fileName(arch)).resolve("model");
    }

    /** @return the architecture's encoding as a file name */
    static String fileName(SpNasArch arch) {
        return arch.encode().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public Optional<EvaluatorRecipe<SpNasArch>> recipe() {
        return settings.remote() ? Optional.of(settings) : Optional.empty();
    }

    @Override
    public String describe() {
        return "quick-finetune(" + settings.detector().describe() + ", " + settings.fineTune().describe() + ", seed_iterations="
                + settings.seedIterations() + (settings.freezeInherited() ? ", inherited frozen" : "") + ")";
    }

    @Override
    public Evaluation evaluate(SpNasArch arch) {
        if (!settings.staged()) {
            Path dir = modelDir(settings.modelsFolder(), arch).getParent();
            deleteTree(dir);
            return train(arch, dir);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("spnas-candidate");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
        try {
            Evaluation e = train(arch, dir);
            files.publish(dir.resolve("model"), MODEL_FILES, settings.modelLocation(arch));
            return e;
        } finally {
            deleteTree(dir);
        }
    }

    /** Fine-tunes a candidate from its parent into {@code dir/model}. */
    private Evaluation train(SpNasArch arch, Path dir) {
        Lineage.Parent parent = settings.parentOf(arch, files);
        DetectorSpec spec = settings.detector().spec(arch);
        TrainSettings train = settings.fineTune();
        long s = settings.seed() * 1_000_003L + arch.encode().hashCode();
        try (NDManager m = NDManager.newBaseManager()) {
            DetectorTrainer.Builder t = DetectorTrainer.builder().setSpec(spec).setTrainData(trainData).optValData(holdout)
                    .optIterations(parent == null ? settings.seedIterations() : train.iterations()).optBatchSize(train.batchSize())
                    .optSchedule((parent == null ? train.withIterations(settings.seedIterations()) : train).schedule())
                    .optSeed(s).optRunDirectory(dir)
                    .optCheckpointEvery(Integer.MAX_VALUE);
            listeners.forEach(t::addTrainingListener);
            if (parent != null) {
                Path init = dir.resolve("inherited");
                Set<String> inherited = inherit(requireComplete(parent.model()), spec, init, m, s);
                t.optInitialWeights(init).optFrozen(settings.freezeInherited() ? inherited : Set.of());
            }
            CocoMetrics metrics = t.build().train(m);
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("mAP", 100 * Math.max(0, metrics.stat("AP")));
            out.put("AP50", 100 * Math.max(0, metrics.stat("AP50")));
            out.put("parent", parent == null ? -1.0 : parent.index());
            out.put("reignitions", parent == null ? 0.0 : parent.reignitions());
            deleteTree(dir.resolve("inherited"));
            deleteTree(dir.resolve("checkpoints"));
            return Evaluation.of(out, null, 0);
        }
    }

    /** Checks a parent's saved detector is whole ({@link SavedDetector#isComplete}). */
    static Path requireComplete(Path model) {
        if (!SavedDetector.isComplete(model)) {
            throw new IllegalStateException("the parent's trained detector " + model + " is missing or not completely written"
                    + " (is the run directory on a file system this worker sees, or was it staged?)");
        }
        return model;
    }

    /** Writes the child detector with the parent's weights carried over into {@code init}; returns the inherited tensors' names. */
    private Set<String> inherit(Path parentModel, DetectorSpec spec, Path init, NDManager manager, long s) {
        // New parts are initialised from the candidate's own seed, not from whatever the process drew
        // before, and under the engine seed's lock: another task of the process never draws between.
        return Seeds.withEngineSeed(s, 0, () -> {
            try (NDManager m = manager.newSubManager()) {
                SavedDetector parent = SavedDetector.load(parentModel, m);
                Detector child = spec.build(trainData.categories().size());
                int size = settings.detector().inputSize();
                child.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size));
                Set<String> inherited = WeightInheritance.inheritDetector(parent.detector(), child);
                SavedDetector.save(init, spec, trainData.categories(), child);
                return inherited;
            }
        });
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> w = Files.walk(dir)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
