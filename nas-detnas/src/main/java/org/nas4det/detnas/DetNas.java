package org.nas4det.detnas;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.Constraints;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchResult;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.search.EvolutionSettings;
import org.nas4det.core.io.MissingFileException;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunLock;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DetNAS as one run: supernet classification pre-training, single-path detection fine-tuning,
 * evolution search scored by held-out COCO AP after BN recalibration, export of the best subnet;
 * and building standalone subnets from any format. The steps live in {@code DetNasData},
 * {@code SupernetStep} and {@code DetNasSearchStep}; this class holds the immutable settings,
 * their fingerprint and the order of the steps.
 *
 * <p>Run directory ({@link DetNasFiles}): {@code detnas.json} (the settings' fingerprint, checked
 * when the directory is used again), {@code splits.json}, {@code pretrain/} and {@code finetune/}
 * (training checkpoints), {@code supernet-pretrained.params} and {@code supernet.params}, the
 * search files of the core ({@code search.jsonl}, {@code checkpoint.json}, {@code best.json},
 * plots), and the best subnet as {@code best_subnet.json}, {@code best_fix_subnet.yaml} and
 * {@code best_detector/}. A step whose output exists is skipped, so a finished directory is read
 * back without work.
 *
 * <pre>{@code
 * DetNasResult r = DetNas.builder()                   // the paper's settings (= DetNas.paper())
 *     .optClassificationData(Path.of("imagenet/train"))
 *     .optDetectionData(Path.of("coco/annotations/instances_train2017.json"), Path.of("coco/train2017"))
 *     .optRunDirectory(Path.of("runs/detnas"))
 *     .addListener(SearchListener.progressBar())
 *     .build()
 *     .run();
 * DetNasBackbone subnet = DetNas.standalone(DetNasSpace.small(), "runs/detnas/best_fix_subnet.yaml");
 * }</pre>
 */
public final class DetNas {

    private static final Logger LOG = LoggerFactory.getLogger(DetNas.class);


    /**
     * The official constraint: detection backbone (stem and blocks) conv MACs at 1×3×224×224 at
     * most 300e6.
     *
     * @return the constraint
     */
    public static Constraints paperConstraint() {
        return Constraints.builder().optMaxMacs(300e6).optInput(3, 224, 224).build();
    }

    /**
     * The detector-spec JSON of a subnet's backbone.
     *
     * @param space the space
     * @param arch the subnet
     * @return {@code {"type": "detnas", "space": ..., "arch": [...]}}
     */
    public static JsonObject backboneSpec(DetNasSpace space, DetNasArch arch) {
        space.validate(arch);
        JsonObject o = new JsonObject();
        o.addProperty("type", "detnas");
        o.add("space", space.toJson());
        JsonArray a = new JsonArray();
        for (int c : arch.choices()) {
            a.add(c);
        }
        o.add("arch", a);
        return o;
    }

    /**
     * Builds a fresh standalone subnet from any format: an int list, or a file holding an int
     * list, nas4det JSON or MMRazor fix_subnet YAML.
     *
     * @param space the space
     * @param source {@code [2,1,...]} or a file
     * @return the backbone, uninitialised, returning the space's levels
     */
    public static DetNasBackbone standalone(DetNasSpace space, String source) {
        return standalone(space, DetNasArch.read(source, space));
    }

    /**
     * Builds a fresh standalone subnet of an architecture.
     *
     * @param space the space
     * @param arch the subnet
     * @return the backbone, uninitialised, returning the space's levels
     */
    public static DetNasBackbone standalone(DetNasSpace space, DetNasArch arch) {
        return (DetNasBackbone) space.build(arch);
    }

    private final DetNasBuilder b;


    DetNas(DetNasBuilder b) {
        this.b = b.copy();
    }

    /** @return a builder with the paper's settings; the same as {@link #paper()} */
    public static DetNasBuilder builder() {
        return paper();
    }

    /**
     * The paper's settings (for GPUs): the small space, a 256-channel FCOS head of 4-conv towers,
     * {@link SupernetTraining#paperPretraining()}, {@link SupernetTraining#paperFinetuning()}, the
     * paper's evolution, {@link #paperConstraint()}, BN recalibration over 500 images.
     *
     * @return a pre-filled builder
     */
    public static DetNasBuilder paper() {
        return new DetNasBuilder();
    }

    /**
     * Minutes on 2 CPU cores with the synthetic data sets: the small space returning C3..C5, a
     * 64-channel head of 2-conv towers, {@link SupernetTraining#cpuPretraining()},
     * {@link SupernetTraining#cpuFinetuning()}, 4 generations of 12 candidates (top 4, 4 mutants,
     * 4 crossovers) and BN recalibration over 64 images. A supernet trained this briefly ranks
     * candidates only roughly: the preset shows the whole method working, not the paper's numbers.
     *
     * @return a pre-filled builder
     */
    public static DetNasBuilder cpu() {
        return new DetNasBuilder().optSpace(DetNasSpace.builder().optLevels(3, 4, 5).build()).optSyntheticImages(200)
                .optHeadChannels(64).optTowerDepth(2)
                .optPretraining(SupernetTraining.cpuPretraining().build())
                .optFinetuning(SupernetTraining.cpuFinetuning().build())
                .optEvolution(EvolutionSettings.builder().optPopulation(12).optTopK(4).optMutants(4, 0.1).optCrossovers(4, 0.5)
                        .optGenerations(4).build())
                .optBatchNorm(BnPolicy.RECALIBRATE, 64, 8);
    }

    /** @return a builder holding these settings, to change some of them */
    public DetNasBuilder toBuilder() {
        return b.copy();
    }

    /** @return the space */
    public DetNasSpace space() {
        return b.space;
    }

    /** @return the pre-training folder, or null for the synthetic set */
    public Path classificationData() {
        return b.classification;
    }

    /** @return the detection training data, or null for the synthetic set */
    public DetectionData detectionData() {
        return b.detection;
    }

    /** @return the held-out data, or null to split it off the detection data */
    public DetectionData holdoutData() {
        return b.holdout;
    }

    /** @return the held-out fraction of the detection data */
    public double holdoutFraction() {
        return b.holdoutFraction;
    }

    /** @return the training images of the synthetic sets */
    public int syntheticImages() {
        return b.syntheticImages;
    }

    /** @return the detection head */
    public String head() {
        return b.head;
    }

    /** @return the FPN and head width */
    public int headChannels() {
        return b.channels;
    }

    /** @return the convs per head tower */
    public int towerDepth() {
        return b.towerDepth;
    }

    /** @return the classifier's width before pooling */
    public int lastChannels() {
        return b.lastChannels;
    }

    /** @return the pre-training settings */
    public SupernetTraining pretraining() {
        return b.pretraining;
    }

    /** @return the fine-tuning settings */
    public SupernetTraining finetuning() {
        return b.finetuning;
    }

    /** @return a supernet file to search instead of training one, or null */
    public Path supernetFile() {
        return b.supernetFile;
    }

    /** @return the evolution settings */
    public EvolutionSettings evolution() {
        return b.evolution;
    }

    /** @return the constraints */
    public Constraints constraints() {
        return b.constraints;
    }

    /** @return the BN policy of the search */
    public BnPolicy bnPolicy() {
        return b.bnPolicy;
    }

    /** @return the images BN recalibration averages over */
    public int calibrationImages() {
        return b.calibrationImages;
    }

    /** @return images per calibration batch */
    public int calibrationBatch() {
        return b.calibrationBatch;
    }

    /** @return the run directory */
    public Path runDirectory() {
        return b.runDirectory;
    }

    /** @return the seed */
    public long seed() {
        return b.seed;
    }

    /** @return whether an interrupted run is continued */
    public boolean resume() {
        return b.resume;
    }

    /** @return who evaluates each generation's candidates */
    public CandidateExecutor executor() {
        return b.executor;
    }

    List<SearchListener> listeners() {
        return b.listeners;
    }

    List<TrainingListener> trainingListeners() {
        return b.trainingListeners;
    }

    /**
     * The run's fingerprint: every setting that changes a result, the data sources and the
     * engine (version and intra-op threads, which change float reductions).
     *
     * @return the settings as JSON, as written to {@link DetNasFiles#SETTINGS}
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.add("space", b.space.toJson());
        o.addProperty("head", b.head);
        o.addProperty("channels", b.channels);
        o.addProperty("tower_depth", b.towerDepth);
        o.addProperty("last_channels", b.lastChannels);
        o.addProperty("seed", b.seed);
        o.addProperty("pretraining", b.pretraining.describe());
        o.addProperty("finetuning", b.finetuning.describe());
        o.addProperty("holdout_fraction", b.holdoutFraction);
        o.addProperty("classification_data", b.classification == null ? "synthetic" : b.classification.toAbsolutePath().toString());
        o.addProperty("detection_data", b.detection == null ? "synthetic" : b.detection.source().toAbsolutePath().toString());
        o.addProperty("holdout_data", b.holdout == null ? "split" : b.holdout.source().toAbsolutePath().toString());
        o.addProperty("synthetic_images", b.syntheticImages);
        o.addProperty("supernet", b.supernetFile == null ? "trained here" : b.supernetFile.toAbsolutePath().toString());
        o.addProperty("bn_policy", b.bnPolicy.name());
        o.addProperty("calibration_images", b.calibrationImages);
        o.addProperty("calibration_batch", b.calibrationBatch);
        o.add(RunEnvironment.KEY, RunEnvironment.current());
        return o;
    }

    /**
     * Runs the steps whose outputs are missing, then exports the best subnet.
     *
     * @return the result
     * @throws RunDirectoryConflictException when the run directory holds another run, or an
     *     unfinished one and resume is off
     */
    public DetNasResult run() {
        // Files the caller named are there before the run directory or any data is written.
        if (b.supernetFile != null && !Files.isRegularFile(b.supernetFile)) {
            throw new MissingFileException(b.supernetFile, "optSupernet (--supernet): "
                    + (Files.isDirectory(b.supernetFile) ? "a folder, not a supernet file" : "file does not exist"), null);
        }
        if (b.classification != null && !Files.isDirectory(b.classification)) {
            throw new MissingFileException(b.classification, "optClassificationData (--cls-data): "
                    + (Files.exists(b.classification) ? "not a folder" : "folder does not exist"), null);
        }
        Path root = b.runDirectory != null ? b.runDirectory : RunDirectory.temporary("detnas-");
        RunDirectory.requireOwnRun(root, DetNasFiles.SETTINGS, "a DetNAS run");
        try (RunLock lock = RunLock.acquire(root, "DetNAS run")) {
            return run(RunDirectory.open(root));
        }
    }

    private DetNasResult run(RunDirectory dir) {
        Path root = dir.root();
        boolean fresh = checkFingerprint(dir);
        boolean started = Files.exists(dir.file(DetNasFiles.PRETRAIN_DIR)) || Files.exists(dir.file(DetNasFiles.PRETRAINED))
                || Files.exists(dir.file(DetNasFiles.FINETUNE_DIR)) || Files.exists(dir.file(DetNasFiles.SUPERNET))
                || Files.exists(dir.file(RunDirectory.LOG));
        if (fresh && !started) {
            // A directory without settings or training state holds no run: a splits file there is
            // from a run refused for its data, made with settings that may differ from these.
            dir.delete(DetNasFiles.SPLITS);
        }
        DetNasData data = DetNasData.resolve(this, dir);
        if (fresh) {
            // Written once the data has been read: a run refused for its data leaves no settings
            // that would refuse the corrected command in the same directory.
            dir.writeJsonAtomically(DetNasFiles.SETTINGS, toJson());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            DetNasSupernet supernet = SupernetStep.trainedSupernet(this, dir, data, manager);
            DetNasEvaluator evaluator = DetNasSearchStep.evaluator(this, dir, supernet, data, manager);
            SearchResult<DetNasArch> result = DetNasSearchStep.search(this, dir, evaluator);
            // Exported again when any of its three forms is missing (deleted by hand, say): the
            // export is deterministic, and a read-back must not name a file that is not there.
            if (!Files.exists(dir.file(DetNasFiles.BEST_JSON)) || !Files.exists(dir.file(DetNasFiles.BEST_YAML))
                    || !SavedDetector.isComplete(dir.file(DetNasFiles.BEST_DETECTOR))) {
                DetNasSearchStep.export(this, dir, result.best().architecture(), supernet, evaluator, data, manager);
            }
            return new DetNasResult(result, b.space, root, b.constraints);
        }
    }

    /** @return true for a directory without settings (they are written once the data is read) */
    private boolean checkFingerprint(RunDirectory dir) {
        JsonObject now = toJson();
        JsonObject before = dir.readJson(DetNasFiles.SETTINGS);
        if (before == null) {
            return true;
        }
        RunEnvironment.requireSame(before.getAsJsonObject(RunEnvironment.KEY), dir.root());
        for (String key : now.keySet()) {
            if (!key.equals(RunEnvironment.KEY) && !now.get(key).equals(before.get(key))) {
                throw RunDirectoryConflictException.otherSettings(dir.root(), "a DetNAS run", key, before.get(key), now.get(key));
            }
        }
        return false;
    }
}
