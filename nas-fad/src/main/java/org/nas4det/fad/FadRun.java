package org.nas4det.fad;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Stopwatch;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.ImageCheck;
import org.nas4det.core.data.DetectionSample;
import org.nas4det.core.data.EmptyDatasetException;
import org.nas4det.core.data.ImageSplits;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.FcosHead;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunLock;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.train.DatasetBatches;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.search.AlphaRecord;
import org.nas4det.fad.search.BilevelSearch;
import org.nas4det.fad.search.SearchHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@link Fad} run: settings check, data and split, search, derivation, final training, summary. */
final class FadRun {

    private static final Logger LOG = LoggerFactory.getLogger(FadRun.class);

    /** The settings key of the final detector's evaluation data, written only when it is set. */
    static final String VAL_DATA = "val_data";
    /** Keys written only when set, and what their absence means. */
    private static final Map<String, JsonElement> ABSENT = Map.of("final_step_decay", new JsonPrimitive(false));

    private final Fad.Builder b;
    private final RunDirectory dir;

    FadRun(Fad fad) {
        this.b = fad.b;
        if (b.runDirectory != null) {
            RunDirectory.requireOwnRun(b.runDirectory, Fad.SETTINGS, "a FAD run");
        }
        this.dir = RunDirectory.open(b.runDirectory != null ? b.runDirectory : RunDirectory.temporary("fad-"));
    }

    /** The data of a run. */
    private static final class Data {
        DetectionData train;
        DetectionData val;
        DetectionData weights;
        DetectionData arch;
    }

    FadResult run() {
        try (RunLock lock = RunLock.acquire(dir.root(), "FAD run")) {
            return runLocked();
        }
    }

    private FadResult runLocked() {
        boolean fresh = checkSettings();
        JsonObject done = dir.readJson(Fad.RESULT);
        if (done != null && b.finalIterations > 0 && !SavedDetector.isComplete(dir.file(Fad.DETECTOR))) {
            // Its detector was deleted: read back, the run would name a detector that is not there.
            LOG.warn("the FAD run in {} has a {} but no {}/: it is unfinished, and a resume trains the final detector again",
                    dir.root(), Fad.RESULT, Fad.DETECTOR);
            done = null;
        }
        if (done != null) {
            LOG.info("FAD run in {} is finished: reading it back", dir.root());
            return new FadResult(FadGenotypes.parse(done.get("genotype").getAsString(), dir.file(Fad.RESULT).toString()), done,
                    dir.root(), b);
        }
        boolean started = Files.exists(dir.file(Fad.SEARCH_DIR).resolve("search.json"))
                || Files.exists(dir.file(Fad.FINAL_DIR).resolve("checkpoints/training.json"));
        if (started && !b.resume) {
            throw RunDirectoryConflictException.unfinished(dir.root(), "FAD run");
        }
        if (fresh && !started) {
            // A directory without settings or search state holds no run: a splits file there is
            // from a run refused for its data, made with settings that may differ from these.
            dir.delete(Fad.SPLITS);
        }
        // Before the data is read (minutes on a large set): a checkpoint this process cannot resume.
        BilevelSearch.requireResumable(dir.file(Fad.SEARCH_DIR));
        Data d = data();
        if (fresh) {
            // Written once the data has been read: a run refused for its data leaves no settings
            // that would refuse the corrected command in the same directory.
            dir.writeJsonAtomically(Fad.SETTINGS, settings());
        }
        Stopwatch sw = Stopwatch.createStarted();
        FadGenotypes g;
        try (NDManager manager = NDManager.newBaseManager()) {
            g = search(d, manager);
        }
        double searchSeconds = sw.elapsed(TimeUnit.MILLISECONDS) / 1e3;
        LOG.info("derived genotypes:\n{}", g.encode());
        sw.reset().start();
        JsonObject summary = new JsonObject();
        summary.addProperty("genotype", g.encode());
        summary.addProperty("classes", d.train.categories().size());
        summary.addProperty("search_iterations", b.iterations);
        summary.addProperty("search_seconds", searchSeconds);
        if (b.finalIterations > 0) {
            CocoMetrics m = finalTraining(d, g);
            if (m != null) {
                JsonObject mj = new JsonObject();
                m.statsByName().forEach(mj::addProperty);
                summary.add("metrics", mj);
            }
        }
        summary.addProperty("final_seconds", sw.elapsed(TimeUnit.MILLISECONDS) / 1e3);
        FadResult r = new FadResult(g, summary, dir.root(), b);
        summary.addProperty("head_params", r.cost().params());
        summary.addProperty("head_conv_macs", r.cost().convMacs());
        dir.writeJsonAtomically(Fad.RESULT, summary);
        return new FadResult(g, summary, dir.root(), b);
    }

    private JsonObject settings() {
        JsonObject o = b.searchSettings().toJson();
        o.add("backbone", b.backbone);
        o.addProperty("channels", b.channels);
        o.addProperty("width", b.width);
        o.addProperty("search_cells", b.searchCells);
        o.addProperty("cells", b.cells);
        o.addProperty("nodes", b.nodes);
        o.addProperty("rate3", b.rate3);
        o.addProperty("data", b.train != null ? String.valueOf(b.train.source())
                : b.dataDirectory != null ? b.dataDirectory.toAbsolutePath().normalize().toString() : "shapes:" + b.shapesImages);
        if (b.val != null) {
            // Only when set, so runs written before it was recorded still match: the final
            // detector's metrics come from this data, and a finished run is read back.
            o.addProperty(VAL_DATA, String.valueOf(b.val.source()));
        }
        o.addProperty("arch_fraction", b.archFraction);
        o.addProperty("image_size", b.imageSize);
        o.addProperty("final_image_size", b.finalImageSize);
        o.addProperty("final_iterations", b.finalIterations);
        o.addProperty("final_batch_size", b.finalBatchSize);
        o.addProperty("final_learning_rate", b.finalLearningRate);
        o.addProperty("final_warmup", b.finalWarmup);
        if (b.finalStepDecay) {
            // Only when set: the cosine schedule is what runs written before the option used, so
            // they still match (a paper-preset run of before, whose schedule did change, does not).
            o.addProperty("final_step_decay", true);
        }
        return o;
    }

    /** @return true for a directory without settings (they are written once the data is read) */
    private boolean checkSettings() {
        JsonObject now = settings();
        JsonObject before = dir.readJson(Fad.SETTINGS);
        if (before == null) {
            return true;
        }
        // Every key of either side: a setting written only when set that the run was started with
        // and this call leaves out is a difference too; absent, such a key has its default.
        Set<String> keys = new TreeSet<>(now.keySet());
        keys.addAll(before.keySet());
        boolean older = false;
        for (String key : keys) {
            if (key.equals(VAL_DATA) && !before.has(key)) {
                // Recorded since session 14: a run started before with val data is taken at its word.
                older = true;
                continue;
            }
            JsonElement a = now.has(key) ? now.get(key) : ABSENT.get(key);
            JsonElement w = before.has(key) ? before.get(key) : ABSENT.get(key);
            if (!String.valueOf(a).equals(String.valueOf(w))) {
                throw RunDirectoryConflictException.otherSettings(dir.root(), "a FAD run", key, w, a);
            }
        }
        if (older) {
            dir.writeJsonAtomically(Fad.SETTINGS, now);
        }
        return false;
    }

    private Data data() {
        Data d = new Data();
        if (b.train != null) {
            d.train = b.train;
            d.val = b.val;
        } else if (b.dataDirectory != null) {
            Path root = b.dataDirectory;
            Path ann = root.resolve("annotations/instances_train.json");
            if (!Files.isRegularFile(ann)) {
                throw new IllegalArgumentException("optDataDirectory (--data) " + root + ": "
                        + (Files.isDirectory(root) ? "no annotations/instances_train.json" : Files.exists(root) ? "not a folder" : "no such folder")
                        + " (a COCO-format folder holds annotations/instances_<split>.json and an image folder <split>/)");
            }
            d.train = CocoData.reader().read(ann, root.resolve("train"));
            Path va = root.resolve("annotations/instances_val.json");
            d.val = Files.isRegularFile(va) ? CocoData.reader().read(va, root.resolve("val")) : null;
        } else {
            ShapesLayout l = SyntheticShapes.builder().imageSize(b.imageSize).trainImages(b.shapesImages)
                    .valImages(Math.max(8, b.shapesImages / 4)).holdoutImages(1).seed(b.seed).build()
                    .ensureDetection(dir.file("data/shapes"));
            d.train = CocoData.reader().read(l.annotations("train"), l.images("train"));
            d.val = CocoData.reader().read(l.annotations("val"), l.images("val"));
        }
        List<Long> ids = d.train.samples().stream().map(DetectionSample::imageId).collect(Collectors.toList());
        Map<String, Double> fractions = new LinkedHashMap<>();
        fractions.put("weights", 1 - b.archFraction);
        fractions.put("architecture", b.archFraction);
        ImageSplits s = ImageSplits.loadOrCreate(dir.file(Fad.SPLITS), ids, fractions, b.seed);
        d.weights = d.train.subset(new HashSet<>(s.get("weights")));
        d.arch = d.train.subset(new HashSet<>(s.get("architecture")));
        if (d.weights.samples().isEmpty() || d.arch.samples().isEmpty()) {
            throw new EmptyDatasetException(d.train.source(), null, "the weight split has " + d.weights.samples().size()
                    + " images and the architecture split " + d.arch.samples().size() + ": both need at least one");
        }
        d.weights.warnIfNoObjects("weight-step");
        d.arch.warnIfNoObjects("architecture-step");
        // Every image is decoded once now, before the run's settings are written: a broken one
        // stops the run before any step, and leaves no run to refuse the corrected command.
        ImageCheck.decodeAll(d.train);
        ImageCheck.decodeAll(d.val);
        LOG.info("search data: {} images for weight steps, {} for architecture steps, {} classes", d.weights.samples().size(),
                d.arch.samples().size(), d.train.categories().size());
        return d;
    }

    private DetectionDataset dataset(DetectionData data, int size) {
        return DetectionDataset.builder().setData(data).optSeed(b.seed).optTransforms(DetectionDataset.trainTransforms(size, size))
                .setSampling(b.batchSize, true).build();
    }

    private FadGenotypes search(Data d, NDManager manager) {
        JsonObject t = new JsonObject();
        t.addProperty("type", "fad_search");
        t.addProperty("width", b.width);
        t.addProperty("cells", b.searchCells);
        t.addProperty("nodes", b.nodes);
        t.addProperty("rate3", b.rate3);
        Detector detector = DetectorSpec.of(b.detectorSpec(t, b.imageSize)).build(d.train.categories().size());
        SearchHead head = (SearchHead) ((FcosHead) detector.head()).towers();
        org.nas4det.core.Seeds.seedEngine(b.seed, 0);
        detector.initialize(manager, DataType.FLOAT32, new Shape(1, 3, b.imageSize, b.imageSize));
        Path searchDir = dir.file(Fad.SEARCH_DIR);
        AlphaRecord record = new AlphaRecord(dir.file(Fad.ALPHAS), head.space());
        int resumed = BilevelSearch.checkpointed(searchDir);
        record.truncate(resumed);
        if (resumed == 0) {
            record(head, record, 0);
        }
        DatasetBatches weights = DatasetBatches.of(dataset(d.weights, b.imageSize), Math.min(b.batchSize, d.weights.samples().size()), b.seed);
        DatasetBatches arch = DatasetBatches.of(dataset(d.arch, b.imageSize), Math.min(b.batchSize, d.arch.samples().size()), b.seed + 1);
        LOG.info("FAD search: {} iterations, {} architecture weights, {} {}", b.iterations, head.alphaCount(),
                b.secondOrder ? "second-order" : "first-order", "DARTS");
        new BilevelSearch(detector, head, weights, arch, b.searchSettings(), searchDir).run(manager, it -> record(head, record, it));
        record(head, record, b.iterations);
        return head.derive(2);
    }

    private void record(SearchHead head, AlphaRecord record, int iteration) {
        dir.writeAtomically(Fad.GENOTYPE, head.derive(2).encode());
        record.append(iteration, head, dir.file(Fad.PLOT));
    }

    private CocoMetrics finalTraining(Data d, FadGenotypes g) {
        DetectorSpec spec = DetectorSpec.of(b.detectorSpec(FadSpecs.towersSpec(g, b.width, b.cells, b.rate3), b.finalImageSize));
        DetectorTrainer.Builder t = DetectorTrainer.builder().setSpec(spec).setTrainData(d.train).optValData(d.val)
                .optIterations(b.finalIterations).optBatchSize(Math.min(b.finalBatchSize, d.train.samples().size()))
                .optLearningRate(b.finalLearningRate, b.finalWarmup).optSeed(b.seed).optRunDirectory(dir.file(Fad.FINAL_DIR))
                .optCheckpointEvery(Math.max(1, b.finalIterations / 10)).optSchedule(b.finalSchedule());
        b.trainingListeners.forEach(t::addTrainingListener);
        DetectorTrainer trainer = t.build();
        LOG.info("final training of the derived head ({} cells per subnet): {} iterations", b.cells, b.finalIterations);
        try (NDManager manager = NDManager.newBaseManager()) {
            CocoMetrics m = trainer.train(manager);
            SavedDetector.save(dir.file(Fad.DETECTOR), spec, d.train.categories(), trainer.detector());
            return m;
        }
    }
}
