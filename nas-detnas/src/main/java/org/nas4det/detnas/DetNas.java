package org.nas4det.detnas;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nas4det.core.Constraints;
import org.nas4det.core.Objective;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.DetectionSample;
import org.nas4det.core.data.EmptyDatasetException;
import org.nas4det.core.data.ImageSplits;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.report.PlotListener;
import org.nas4det.core.search.EvolutionSearch;
import org.nas4det.core.search.EvolutionSettings;
import org.nas4det.core.search.RunDirectory;
import org.nas4det.core.search.RunDirectoryConflictException;
import org.nas4det.core.train.DatasetBatches;
import org.nas4det.core.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DetNAS entry points: the whole method as one fluent run (supernet classification
 * pre-training, single-path detection fine-tuning, evolution search scored by held-out COCO AP
 * after BN recalibration, export of the best subnet), and building subnets from any format.
 *
 * <p>Run directory: {@code detnas.json} (settings, checked when the directory is used again),
 * {@code splits.json} (held-out images, when split from the detection data), {@code pretrain/}
 * and {@code finetune/} (training checkpoints), {@code supernet-pretrained.params} and
 * {@code supernet.params} (whole supernet after each training step), the search files of the
 * core ({@code search.jsonl}, {@code checkpoint.json}, {@code best.json}, plots), and the best
 * subnet as {@code best_subnet.json}, {@code best_fix_subnet.yaml} and {@code best_detector/}
 * (a saved detector with weights copied from the supernet, ready to retrain or evaluate). A
 * step whose output exists is skipped, so a finished directory is read back without work.
 *
 * <pre>{@code
 * DetNasResult r = DetNas.builder()
 *     .space(DetNasSpace.small())
 *     .classificationData(Path.of("imagenet/train"))
 *     .detectionData(Path.of("coco/annotations/instances_train2017.json"), Path.of("coco/train2017"))
 *     .pretraining(SupernetTraining.pretraining().build())
 *     .finetuning(SupernetTraining.finetuning().build())
 *     .runDir(Path.of("runs/detnas"))
 *     .listener(SearchListener.progressBar())
 *     .run();
 * }</pre>
 */
public final class DetNas {

    /** Settings of the run, checked when the directory is used again. */
    public static final String SETTINGS = "detnas.json";
    /** Image ids of the supernet-training and search-holdout splits. */
    public static final String SPLITS = "splits.json";
    /** Training checkpoints of the classification pre-training. */
    public static final String PRETRAIN_DIR = "pretrain";
    /** Training checkpoints of the detection fine-tuning. */
    public static final String FINETUNE_DIR = "finetune";
    /** The whole supernet after pre-training. */
    public static final String PRETRAINED = "supernet-pretrained.params";
    /** The whole supernet after fine-tuning (the one the search scores). */
    public static final String SUPERNET = "supernet.params";
    /** The best subnet in nas4det JSON (written last: the run is complete when it exists). */
    public static final String BEST_JSON = "best_subnet.json";
    /** The best subnet as MMRazor fix_subnet YAML. */
    public static final String BEST_YAML = "best_fix_subnet.yaml";
    /** The best subnet as a saved detector with supernet weights. */
    public static final String BEST_DETECTOR = "best_detector";

    private static final Logger LOG = LoggerFactory.getLogger(DetNas.class);

    static {
        DetectorSpec.registerBackbone("detnas", o -> {
            DetNasSpace space = o.has("space") && o.get("space").isJsonObject()
                    ? DetNasSpace.fromJson(o.getAsJsonObject("space"), "backbone field 'space'") : DetNasSpace.small();
            if (!o.has("arch")) {
                throw new IllegalArgumentException("a 'detnas' backbone needs 'arch': an int list, or a YAML / JSON file");
            }
            JsonElement a = o.get("arch");
            return subnet(space, a.isJsonArray() ? a.toString() : a.getAsString());
        });
    }

    private DetNas() {}

    /**
     * Makes {@code "detnas"} a backbone type of {@link DetectorSpec}
     * ({@code {"type": "detnas", "space": {...}, "arch": [...]}}); done once when this class loads.
     */
    public static void register() {
        // The static initialiser does the work.
    }

    /**
     * The official constraint: detection backbone (stem and blocks) conv MACs at 1×3×224×224 at
     * most 300e6.
     *
     * @return the constraint
     */
    public static Constraints paperConstraint() {
        return Constraints.maxMacs(300e6).at(3, 224, 224);
    }

    /**
     * The detector-spec JSON of a subnet's backbone.
     *
     * @param space the space
     * @param arch the subnet
     * @return {@code {"type": "detnas", "space": ..., "arch": [...]}}
     */
    public static JsonObject backboneSpec(DetNasSpace space, DetNasArch arch) {
        register();
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
     * Builds a standalone subnet (freshly initialised when initialised) from any format: an int
     * list, or a file holding an int list, nas4det JSON or MMRazor fix_subnet YAML.
     *
     * @param space the space
     * @param source {@code [2,1,...]} or a file
     * @return the backbone, returning the space's levels
     */
    public static DetNasBackbone subnet(DetNasSpace space, String source) {
        return (DetNasBackbone) space.build(DetNasArch.read(source, space));
    }

    /** @return a builder of a whole DetNAS run */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds and runs DetNAS: pre-train, fine-tune, search, export. */
    public static final class Builder {
        private DetNasSpace space = DetNasSpace.small();
        private Path classification;
        private DetectionData detection;
        private DetectionData holdout;
        private double holdoutFraction = 0.05;
        private int syntheticImages = 200;
        private String head = "fcos";
        private int channels = 256;
        private int towerDepth = 4;
        private int lastChannels = 1024;
        private SupernetTraining pretraining = SupernetTraining.pretraining().build();
        private SupernetTraining finetuning = SupernetTraining.finetuning().build();
        private Path supernetFile;
        private EvolutionSettings evolution = EvolutionSettings.builder().build();
        private Constraints constraints = paperConstraint();
        private BnPolicy bnPolicy = BnPolicy.RECALIBRATE;
        private int calibrationImages = 500;
        private int calibrationBatch = 8;
        private Path runDir;
        private long seed;
        private boolean resume;
        private final List<SearchListener> listeners = new ArrayList<>();
        private final List<TrainingListener> trainingListeners = new ArrayList<>();

        private Builder() {}

        /**
         * Switches every setting to a run of minutes on 2 CPU cores with the synthetic data sets
         * (the paper's values are meant for GPUs): the small space returning C3..C5, a 64-channel
         * head of 2-conv towers, 400 pre-training iterations of 32 images at 32 px (learning rate
         * 0.02, the paper's 0.5 at batch 1024 scaled to batch 32), 400 fine-tuning iterations of 8
         * images at 128 px, 4 generations of 12 candidates (top 4, 4 mutants, 4 crossovers) and BN
         * recalibration over 64 images. A supernet trained this briefly ranks candidates only
         * roughly: the preset shows the whole method working, not the paper's numbers. Later
         * calls change single settings.
         *
         * @return this builder
         */
        public Builder cpuSized() {
            space = DetNasSpace.builder().levels(3, 4, 5).build();
            syntheticImages = 200;
            channels = 64;
            towerDepth = 2;
            pretraining = SupernetTraining.pretraining().optIterations(400).optBatchSize(32).optImageSize(32).optLearningRate(0.02f)
                    .optWarmup(100, 0.1f).optCheckpointEvery(100).build();
            finetuning = SupernetTraining.finetuning().optIterations(400).optBatchSize(8).optImageSize(128).optWarmup(50, 1f / 3)
                    .optCheckpointEvery(100).build();
            evolution = EvolutionSettings.builder().population(12).topK(4).mutants(4, 0.1).crossovers(4, 0.5).generations(4).build();
            bnPolicy = BnPolicy.RECALIBRATE;
            calibrationImages = 64;
            calibrationBatch = 8;
            return this;
        }

        /** @return the space */
        public DetNasSpace space() {
            return space;
        }

        /** @return the pre-training settings */
        public SupernetTraining pretraining() {
            return pretraining;
        }

        /** @return the fine-tuning settings */
        public SupernetTraining finetuning() {
            return finetuning;
        }

        /** @return the FPN and head width */
        public int headChannels() {
            return channels;
        }

        /** @return the convs per head tower */
        public int towerDepth() {
            return towerDepth;
        }

        /** @return the BN policy of the search */
        public BnPolicy bnPolicy() {
            return bnPolicy;
        }

        /** @return the images BN recalibration averages over */
        public int calibrationImages() {
            return calibrationImages;
        }

        /** @return images per calibration batch */
        public int calibrationBatch() {
            return calibrationBatch;
        }

        /** @return the evolution settings */
        public EvolutionSettings evolution() {
            return evolution;
        }

        /**
         * Sets the space (default {@link DetNasSpace#small()}).
         *
         * @param s the space
         * @return this builder
         */
        public Builder space(DetNasSpace s) {
            this.space = Objects.requireNonNull(s);
            return this;
        }

        /**
         * Sets the pre-training images: a folder with one sub-folder of images per class
         * (default: the synthetic shapes classification set, written into the run directory).
         *
         * @param imageFolder the folder of class folders
         * @return this builder
         */
        public Builder classificationData(Path imageFolder) {
            this.classification = imageFolder;
            return this;
        }

        /**
         * Sets the detection training data, COCO format (default: the synthetic shapes set,
         * written into the run directory). Unless {@link #holdoutData} is given, a seeded
         * {@link #holdoutFraction} of its images is held out for the search and never trained on.
         *
         * @param annotations the COCO instances JSON
         * @param images the image folder
         * @return this builder
         */
        public Builder detectionData(Path annotations, Path images) {
            return detectionData(CocoData.reader().read(annotations, images));
        }

        /**
         * Sets the detection training data (any reader: COCO, VOC).
         *
         * @param data the data
         * @return this builder
         */
        public Builder detectionData(DetectionData data) {
            this.detection = data;
            return this;
        }

        /**
         * Sets the images the search scores candidates on, instead of splitting them off the
         * training data. They must not be the images results are reported on.
         *
         * @param data the held-out data
         * @return this builder
         */
        public Builder holdoutData(DetectionData data) {
            this.holdout = data;
            return this;
        }

        /**
         * Sets the fraction of the detection data held out for the search (default 0.05; the
         * paper holds out 5k of COCO's trainval35k).
         *
         * @param f fraction in (0, 1)
         * @return this builder
         */
        public Builder holdoutFraction(double f) {
            if (!(f > 0 && f < 1)) {
                throw new IllegalArgumentException("the held-out fraction must be in (0, 1), got " + f);
            }
            this.holdoutFraction = f;
            return this;
        }

        /**
         * Sets the training images of the default synthetic data sets (default 200).
         *
         * @param n images
         * @return this builder
         */
        public Builder syntheticImages(int n) {
            this.syntheticImages = n;
            return this;
        }

        /**
         * Sets the detection head (default fcos).
         *
         * @param h {@code fcos} or {@code retinanet}
         * @return this builder
         */
        public Builder head(String h) {
            this.head = h;
            return this;
        }

        /**
         * Sets the FPN and head width (default 256) and the convs per head tower (default 4).
         *
         * @param c channels
         * @param depth tower depth
         * @return this builder
         */
        public Builder headSize(int c, int depth) {
            this.channels = c;
            this.towerDepth = depth;
            return this;
        }

        /**
         * Sets the classifier's 1×1 conv width before pooling (default 1024; 0 for none).
         *
         * @param c channels
         * @return this builder
         */
        public Builder lastChannels(int c) {
            this.lastChannels = c;
            return this;
        }

        /**
         * Sets the classification pre-training (default {@link SupernetTraining#pretraining()};
         * 0 iterations skips it and fine-tunes from random weights).
         *
         * @param t the settings
         * @return this builder
         */
        public Builder pretraining(SupernetTraining t) {
            this.pretraining = t;
            return this;
        }

        /**
         * Sets the detection fine-tuning (default {@link SupernetTraining#finetuning()}); its image
         * size is also the search's evaluation size.
         *
         * @param t the settings
         * @return this builder
         */
        public Builder finetuning(SupernetTraining t) {
            this.finetuning = t;
            return this;
        }

        /**
         * Searches a supernet trained before (a {@code supernet.params} of another run) instead of
         * training one here; both training steps are skipped.
         *
         * @param file the supernet file
         * @return this builder
         */
        public Builder supernet(Path file) {
            this.supernetFile = file;
            return this;
        }

        /**
         * Sets the evolution (default: the paper's population 50, top-k 10, 20 generations, 20
         * mutants at 0.1, 20 crossovers at 0.5, random fill).
         *
         * @param e the settings
         * @return this builder
         */
        public Builder evolution(EvolutionSettings e) {
            this.evolution = e;
            return this;
        }

        /**
         * Sets the constraints (default {@link DetNas#paperConstraint()}).
         *
         * @param c any constraints on the standalone detection backbone
         * @return this builder
         */
        public Builder constraints(Constraints c) {
            this.constraints = c;
            return this;
        }

        /**
         * Sets how candidates get BN statistics (default RECALIBRATE) and over how many training
         * images recalibration averages (default 500), in batches of (default) 8.
         *
         * @param policy the policy
         * @param images calibration images
         * @param batch images per calibration batch
         * @return this builder
         */
        public Builder batchNorm(BnPolicy policy, int images, int batch) {
            if (images < 1 || batch < 1) {
                throw new IllegalArgumentException("calibration images and batch must be >= 1");
            }
            this.bnPolicy = policy;
            this.calibrationImages = images;
            this.calibrationBatch = batch;
            return this;
        }

        /**
         * Sets the run directory (required).
         *
         * @param dir the folder
         * @return this builder
         */
        public Builder runDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /**
         * Sets the seed of weights, paths, batches, splits and the search (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Continues an interrupted run: training from its last checkpoint, the search from its
         * log; the result equals an uninterrupted run's.
         *
         * @param r whether to resume
         * @return this builder
         */
        public Builder resume(boolean r) {
            this.resume = r;
            return this;
        }

        /**
         * Adds a search listener.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder listener(SearchListener l) {
            listeners.add(l);
            return this;
        }

        /**
         * Adds a training listener (both training steps).
         *
         * @param l the listener
         * @return this builder
         */
        public Builder trainingListener(TrainingListener l) {
            trainingListeners.add(l);
            return this;
        }

        /**
         * Runs the steps whose outputs are missing, then exports the best subnet.
         *
         * @return the result
         * @throws RunDirectoryConflictException when the run directory holds another run, or an
         *     unfinished one and resume is off
         */
        public DetNasResult run() {
            Objects.requireNonNull(runDir, "runDir");
            RunDirectory dir = RunDirectory.open(runDir);
            checkSettings(dir);
            Data data = data(dir);
            try (NDManager manager = NDManager.newBaseManager()) {
                DetNasSupernet supernet = trainedSupernet(dir, data, manager);
                DetNasEvaluator evaluator = evaluator(supernet, data, manager);
                SearchResult<DetNasArch> result = search(dir, evaluator);
                if (!Files.exists(dir.file(BEST_JSON))) {
                    export(dir, result.best().architecture(), supernet, evaluator, data, manager);
                }
                return new DetNasResult(result, space, runDir);
            }
        }

        private JsonObject settings() {
            JsonObject o = new JsonObject();
            o.add("space", space.toJson());
            o.addProperty("head", head);
            o.addProperty("channels", channels);
            o.addProperty("tower_depth", towerDepth);
            o.addProperty("last_channels", lastChannels);
            o.addProperty("seed", seed);
            o.addProperty("pretraining", pretraining.describe());
            o.addProperty("finetuning", finetuning.describe());
            o.addProperty("holdout_fraction", holdoutFraction);
            o.add(RunEnvironment.KEY, RunEnvironment.current());
            return o;
        }

        private void checkSettings(RunDirectory dir) {
            JsonObject now = settings();
            JsonObject before = dir.readJson(SETTINGS);
            if (before == null) {
                dir.writeJsonAtomically(SETTINGS, now);
                return;
            }
            RunEnvironment.requireSame(before.getAsJsonObject(RunEnvironment.KEY), runDir);
            for (String key : now.keySet()) {
                if (!key.equals(RunEnvironment.KEY) && !now.get(key).equals(before.get(key))) {
                    throw new RunDirectoryConflictException("run directory " + runDir + " was used with " + key + " = "
                            + before.get(key) + ", now " + now.get(key) + "; use the same settings or another directory");
                }
            }
        }

        /** The data of a run: supernet training, search holdout, pre-training folder. */
        private static final class Data {
            DetectionData train;
            DetectionData holdout;
            Path classification;
        }

        private Data data(RunDirectory dir) {
            Data d = new Data();
            if (detection == null) {
                ShapesLayout l = SyntheticShapes.builder().imageSize(Math.max(64, finetuning.imageSize()))
                        .trainImages(syntheticImages).valImages(Math.max(1, syntheticImages / 4))
                        .holdoutImages(Math.max(4, syntheticImages / 4)).seed(seed).build()
                        .ensureDetection(dir.file("data/shapes"));
                d.train = CocoData.reader().read(l.annotations("train"), l.images("train"));
                d.holdout = holdout != null ? holdout : CocoData.reader().read(l.annotations("holdout"), l.images("holdout"));
            } else if (holdout != null) {
                d.train = detection;
                d.holdout = holdout;
            } else {
                List<Long> ids = detection.samples().stream().map(DetectionSample::imageId).collect(Collectors.toList());
                Map<String, Double> fractions = new LinkedHashMap<>();
                fractions.put("supernet_train", 1 - holdoutFraction);
                fractions.put("search_holdout", holdoutFraction);
                ImageSplits s = ImageSplits.loadOrCreate(dir.file(SPLITS), ids, fractions, seed);
                d.train = detection.subset(new HashSet<>(s.get("supernet_train")));
                d.holdout = detection.subset(new HashSet<>(s.get("search_holdout")));
            }
            if (d.train.samples().isEmpty() || d.holdout.samples().isEmpty()) {
                throw new EmptyDatasetException(d.train.source(), null, "the supernet-training split has " + d.train.samples().size()
                        + " images and the search held-out split " + d.holdout.samples().size() + ": both need at least one");
            }
            if (classification != null) {
                d.classification = classification;
            } else if (pretraining.iterations() > 0 && supernetFile == null && !Files.exists(dir.file(SUPERNET))
                    && !Files.exists(dir.file(PRETRAINED))) {
                Path c = dir.file("data/shapes-cls");
                SyntheticShapes.builder().imageSize(Math.max(32, pretraining.imageSize())).trainImages(Math.max(4, syntheticImages / 2))
                        .valImages(Math.max(1, syntheticImages / 8)).seed(seed).build().ensureClassification(c);
                d.classification = c.resolve("train");
            }
            LOG.info("detection data: {} images for supernet training, {} held out for the search", d.train.samples().size(),
                    d.holdout.samples().size());
            return d;
        }

        private DetNasSupernet trainedSupernet(RunDirectory dir, Data data, NDManager manager) {
            int classes = data.train.categories().size();
            if (supernetFile != null || Files.exists(dir.file(SUPERNET))) {
                Path file = supernetFile != null ? supernetFile : dir.file(SUPERNET);
                LOG.info("supernet training skipped: using {}", file);
                DetNasSupernet s = DetNasSupernet.load(file, manager);
                if (!s.space().equals(space)) {
                    throw new IllegalArgumentException(file + " holds a supernet of " + s.space().describe() + ", not of " + space.describe());
                }
                JsonObject want = DetNasSupernet.detectorConfig(head, classes, channels, towerDepth);
                if (s.detector() == null || !want.equals(s.detectorConfig())) {
                    throw new IllegalArgumentException(file + " holds the detector " + s.detectorConfig() + ", this run needs " + want);
                }
                return s;
            }
            DetNasSupernet s;
            SupernetTrainer trainer;
            if (Files.exists(dir.file(PRETRAINED))) {
                LOG.info("pre-training skipped: {} exists", dir.file(PRETRAINED));
                s = DetNasSupernet.load(dir.file(PRETRAINED), manager);
                trainer = new SupernetTrainer(s, seed);
            } else {
                s = DetNasSupernet.of(space);
                trainer = new SupernetTrainer(s, seed);
                Seeds.seedEngine(seed, 0);
                if (pretraining.iterations() > 0) {
                    SupernetClassifier c = s.classifier(classCount(data.classification), lastChannels);
                    c.initialize(manager, DataType.FLOAT32, new Shape(1, 3, pretraining.imageSize(), pretraining.imageSize()));
                    LOG.info("pre-training the supernet on {}: {}", data.classification, pretraining);
                    trainer.pretrain(c, data.classification, pretraining, checkpoints(dir, PRETRAIN_DIR), trainingListeners, manager);
                    s.save(dir.file(PRETRAINED));
                } else {
                    LOG.info("pre-training skipped: 0 iterations, fine-tuning starts from random weights");
                }
            }
            Detector detector = s.detector(head, classes, channels, towerDepth);
            Seeds.seedEngine(seed, 1);
            detector.initialize(manager, DataType.FLOAT32, new Shape(1, 3, finetuning.imageSize(), finetuning.imageSize()));
            if (finetuning.iterations() > 0) {
                LOG.info("fine-tuning the supernet on {} images: {}", data.train.samples().size(), finetuning);
                trainer.finetune(detector, data.train, finetuning, checkpoints(dir, FINETUNE_DIR), trainingListeners, manager);
            } else {
                LOG.info("fine-tuning skipped: 0 iterations");
            }
            s.save(dir.file(SUPERNET));
            return s;
        }

        private Path checkpoints(RunDirectory dir, String name) {
            Path p = dir.file(name);
            if (!resume && Files.exists(p.resolve("training.json"))) {
                throw new RunDirectoryConflictException(p + " holds an unfinished training: resume the run, or choose another run directory");
            }
            return p;
        }

        private static int classCount(Path imageFolder) {
            try (Stream<Path> s = Files.list(imageFolder)) {
                return (int) s.filter(Files::isDirectory).count();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + imageFolder, e);
            }
        }

        private DetNasEvaluator evaluator(DetNasSupernet supernet, Data data, NDManager manager) {
            int size = finetuning.imageSize();
            int n = data.train.samples().size();
            int images = Math.min(calibrationImages, n);
            if (images < calibrationImages) {
                LOG.info("BN recalibration uses all {} training images ({} asked)", images, calibrationImages);
            }
            int batch = Math.min(calibrationBatch, n);
            DetectionDataset calibration = DetectionDataset.builder().setData(data.train)
                    .optTransforms(DetectionDataset.evalTransforms(size, size)).setSampling(batch, false).build();
            DetectionDataset held = DetectionDataset.builder().setData(data.holdout)
                    .optTransforms(DetectionDataset.evalTransforms(size, size)).setSampling(Math.min(8, data.holdout.samples().size()), false)
                    .build();
            return new DetNasEvaluator(supernet, supernet.detector(), DatasetBatches.of(calibration, batch, seed), images, held, bnPolicy,
                    manager);
        }

        private SearchResult<DetNasArch> search(RunDirectory dir, DetNasEvaluator evaluator) {
            boolean done = Files.exists(dir.file(BEST_JSON));
            if (done) {
                LOG.info("search skipped: {} exists; reading the result from the log", dir.file(BEST_JSON));
            }
            SearchProblem.Builder<DetNasArch> p = SearchProblem.<DetNasArch>builder(space, evaluator)
                    .constraints(constraints).objective(Objective.maximize("mAP")).seed(seed).resume(resume || done)
                    .runDirectory(runDir).listener(new PlotListener("conv_macs"));
            if (!done) {
                listeners.forEach(p::listener);
            }
            return new EvolutionSearch<DetNasArch>(evolution).search(p.build());
        }

        private void export(RunDirectory dir, DetNasArch best, DetNasSupernet supernet, DetNasEvaluator evaluator, Data data,
                NDManager manager) {
            try (NDManager sub = manager.newSubManager()) {
                Detector d = supernet.extractDetector(best, sub);
                if (evaluator.policy() == BnPolicy.RECALIBRATE) {
                    evaluator.recalibrate(d, sub);
                }
                JsonObject spec = new JsonObject();
                spec.addProperty("head", head);
                spec.add("backbone", backboneSpec(space, best));
                spec.addProperty("channels", channels);
                spec.addProperty("tower_depth", towerDepth);
                spec.addProperty("input_size", finetuning.imageSize());
                SavedDetector.save(dir.file(BEST_DETECTOR), DetectorSpec.of(spec), data.train.categories(), d);
            }
            best.writeYaml(dir.file(BEST_YAML), space.depths());
            dir.writeAtomically(BEST_JSON, new GsonBuilder().setPrettyPrinting().create().toJson(best.toJson(space)) + "\n");
            LOG.info("best subnet {} written to {}, {} and {}/", best.encode(), BEST_JSON, BEST_YAML, BEST_DETECTOR);
        }
    }
}
