package org.nas4det.detnas;

import com.google.common.base.Preconditions;
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
import org.nas4det.core.search.EvolutionSettings;
import org.nas4det.core.train.TrainingListener;

/**
 * Builds a {@link DetNas} run. Every value is optional (project convention: {@code opt*} with a
 * documented default, {@code add*} for lists); the defaults are the preset's, {@link DetNas#paper()}
 * unless the builder came from {@link DetNas#cpu()}.
 *
 * <pre>{@code DetNas run = DetNas.cpu().optRunDirectory(Path.of("runs/detnas-cpu")).optSeed(1).build();}</pre>
 */
public final class DetNasBuilder {
    DetNasSpace space = DetNasSpace.small();
    Path classification;
    DetectionData detection;
    DetectionData holdout;
    double holdoutFraction = 0.05;
    int syntheticImages = 200;
    String head = "fcos";
    int channels = 256;
    int towerDepth = 4;
    int lastChannels = 1024;
    SupernetTraining pretraining = SupernetTraining.paperPretraining().build();
    SupernetTraining finetuning = SupernetTraining.paperFinetuning().build();
    Path supernetFile;
    EvolutionSettings evolution = EvolutionSettings.builder().build();
    Constraints constraints = DetNas.paperConstraint();
    BnPolicy bnPolicy = BnPolicy.RECALIBRATE;
    int calibrationImages = 500;
    int calibrationBatch = 8;
    Path runDirectory;
    long seed;
    boolean resume;
    List<SearchListener> listeners = new ArrayList<>();
    List<TrainingListener> trainingListeners = new ArrayList<>();
    CandidateExecutor executor = CandidateExecutor.inProcess();

    DetNasBuilder() {}

    DetNasBuilder copy() {
        DetNasBuilder c = new DetNasBuilder();
        c.space = space;
        c.classification = classification;
        c.detection = detection;
        c.holdout = holdout;
        c.holdoutFraction = holdoutFraction;
        c.syntheticImages = syntheticImages;
        c.head = head;
        c.channels = channels;
        c.towerDepth = towerDepth;
        c.lastChannels = lastChannels;
        c.pretraining = pretraining;
        c.finetuning = finetuning;
        c.supernetFile = supernetFile;
        c.evolution = evolution;
        c.constraints = constraints;
        c.bnPolicy = bnPolicy;
        c.calibrationImages = calibrationImages;
        c.calibrationBatch = calibrationBatch;
        c.runDirectory = runDirectory;
        c.seed = seed;
        c.resume = resume;
        c.listeners = new ArrayList<>(listeners);
        c.trainingListeners = new ArrayList<>(trainingListeners);
        c.executor = executor;
        return c;
    }

    /**
     * Sets the space (default {@link DetNasSpace#small()}).
     *
     * @param s the space
     * @return this builder
     */
    public DetNasBuilder optSpace(DetNasSpace s) {
        this.space = Objects.requireNonNull(s, "optSpace: null");
        return this;
    }

    /**
     * Sets the pre-training images: a folder with one sub-folder of images per class (default:
     * the synthetic shapes classification set, written into the run directory).
     *
     * @param imageFolder the folder of class folders, or null for the synthetic default
     * @return this builder
     */
    public DetNasBuilder optClassificationData(Path imageFolder) {
        this.classification = imageFolder;
        return this;
    }

    /**
     * Sets the detection training data, COCO format (default: the synthetic shapes set, written
     * into the run directory). Unless held-out data is given, a seeded
     * {@link #optHoldoutFraction fraction} of its images is held out for the search.
     *
     * @param annotations the COCO instances JSON
     * @param images the image folder
     * @return this builder
     */
    public DetNasBuilder optDetectionData(Path annotations, Path images) {
        Objects.requireNonNull(annotations, "optDetectionData: null annotations file");
        Objects.requireNonNull(images, "optDetectionData: null image folder");
        return optDetectionData(CocoData.reader().read(annotations, images));
    }

    /**
     * Sets the detection training data (any reader: COCO, VOC).
     *
     * @param data the data, or null for the synthetic default
     * @return this builder
     */
    public DetNasBuilder optDetectionData(DetectionData data) {
        this.detection = data;
        return this;
    }

    /**
     * Sets the images the search scores candidates on instead of splitting them off the training
     * data (default: split). They must not be the images results are reported on.
     *
     * @param data the held-out data, or null to split it off the training data (the default)
     * @return this builder
     */
    public DetNasBuilder optHoldoutData(DetectionData data) {
        this.holdout = data;
        return this;
    }

    /**
     * Sets the fraction of the detection data held out for the search (default 0.05; the paper
     * holds out 5k of COCO's trainval35k).
     *
     * @param f fraction in (0, 1)
     * @return this builder
     */
    public DetNasBuilder optHoldoutFraction(double f) {
        Preconditions.checkArgument(f > 0 && f < 1, "optHoldoutFraction: must be in (0, 1), got %s", f);
        this.holdoutFraction = f;
        return this;
    }

    /**
     * Sets the training images of the default synthetic data sets (default 200).
     *
     * @param n images
     * @return this builder
     */
    public DetNasBuilder optSyntheticImages(int n) {
        Preconditions.checkArgument(n >= 1, "optSyntheticImages: must be >= 1, got %s", n);
        this.syntheticImages = n;
        return this;
    }

    /**
     * Sets the detection head (default {@code fcos}).
     *
     * @param h a head of {@code DetectorSpec.HEADS}: {@code fcos}, {@code retinanet}, {@code gfl} or {@code faster_rcnn}
     * @return this builder
     */
    public DetNasBuilder optHead(String h) {
        // Checked now: the head is built only after pre-training, minutes or hours later.
        Objects.requireNonNull(h, "optHead: null");
        Preconditions.checkArgument(DetectorSpec.HEADS.contains(h), "optHead: must be one of %s, got '%s'", DetectorSpec.HEADS, h);
        this.head = h;
        return this;
    }

    /**
     * Sets the FPN and head width (default 256; cpu preset 64).
     *
     * @param c channels
     * @return this builder
     */
    public DetNasBuilder optHeadChannels(int c) {
        Preconditions.checkArgument(c >= 1, "optHeadChannels: must be >= 1, got %s", c);
        this.channels = c;
        return this;
    }

    /**
     * Sets the convs per head tower (default 4; cpu preset 2).
     *
     * @param depth tower depth
     * @return this builder
     */
    public DetNasBuilder optTowerDepth(int depth) {
        Preconditions.checkArgument(depth >= 0, "optTowerDepth: must be >= 0, got %s", depth);
        this.towerDepth = depth;
        return this;
    }

    /**
     * Sets the classifier's 1×1 conv width before pooling (default 1024; 0 for none).
     *
     * @param c channels
     * @return this builder
     */
    public DetNasBuilder optLastChannels(int c) {
        Preconditions.checkArgument(c >= 0, "optLastChannels: must be >= 0 (0 for none), got %s", c);
        this.lastChannels = c;
        return this;
    }

    /**
     * Sets the classification pre-training (default {@link SupernetTraining#paperPretraining()};
     * 0 iterations skips it and fine-tunes from random weights).
     *
     * @param t the settings
     * @return this builder
     */
    public DetNasBuilder optPretraining(SupernetTraining t) {
        this.pretraining = Objects.requireNonNull(t, "optPretraining: null (0 iterations skips pre-training)");
        return this;
    }

    /**
     * Sets the detection fine-tuning (default {@link SupernetTraining#paperFinetuning()}); its image
     * size is also the search's evaluation size.
     *
     * @param t the settings
     * @return this builder
     */
    public DetNasBuilder optFinetuning(SupernetTraining t) {
        this.finetuning = Objects.requireNonNull(t, "optFinetuning: null");
        return this;
    }

    /**
     * Searches a supernet trained before (a {@code supernet.params} of another run) instead of
     * training one here (default: train); both training steps are then skipped.
     *
     * @param file the supernet file, or null to train one (the default)
     * @return this builder
     */
    public DetNasBuilder optSupernet(Path file) {
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
    public DetNasBuilder optEvolution(EvolutionSettings e) {
        this.evolution = Objects.requireNonNull(e, "optEvolution: null");
        return this;
    }

    /**
     * Sets the constraints on the standalone detection backbone (default
     * {@link DetNas#paperConstraint()}).
     *
     * @param c the constraints
     * @return this builder
     */
    public DetNasBuilder optConstraints(Constraints c) {
        this.constraints = Objects.requireNonNull(c, "optConstraints: null (Constraints.none() for no budget)");
        return this;
    }

    /**
     * Sets how candidates get BN statistics (default RECALIBRATE) and over how many training
     * images recalibration averages (default 500; cpu preset 64), in batches of (default) 8.
     *
     * @param policy the policy
     * @param images calibration images
     * @param batch images per calibration batch
     * @return this builder
     */
    public DetNasBuilder optBatchNorm(BnPolicy policy, int images, int batch) {
        Objects.requireNonNull(policy, "optBatchNorm: null policy");
        Preconditions.checkArgument(images >= 1, "optBatchNorm: calibration images must be >= 1, got %s", images);
        Preconditions.checkArgument(batch >= 1, "optBatchNorm: calibration batch must be >= 1, got %s", batch);
        this.bnPolicy = policy;
        this.calibrationImages = images;
        this.calibrationBatch = batch;
        return this;
    }

    /**
     * Sets the run directory (default: a new temporary directory, logged).
     *
     * @param dir the folder, or null for the default
     * @return this builder
     */
    public DetNasBuilder optRunDirectory(Path dir) {
        this.runDirectory = dir;
        return this;
    }

    /**
     * Sets the seed of weights, paths, batches, splits and the search (default 0).
     *
     * @param s the seed
     * @return this builder
     */
    public DetNasBuilder optSeed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * Continues an interrupted run: training from its last checkpoint, the search from its log;
     * the result equals an uninterrupted run's (default false).
     *
     * @param r whether to resume
     * @return this builder
     */
    public DetNasBuilder optResume(boolean r) {
        this.resume = r;
        return this;
    }

    /**
     * Adds a search listener.
     *
     * @param l the listener
     * @return this builder
     */
    public DetNasBuilder addListener(SearchListener l) {
        listeners.add(Objects.requireNonNull(l, "addListener: null"));
        return this;
    }

    /**
     * Adds a training listener (both training steps).
     *
     * @param l the listener
     * @return this builder
     */
    public DetNasBuilder addTrainingListener(TrainingListener l) {
        trainingListeners.add(Objects.requireNonNull(l, "addTrainingListener: null"));
        return this;
    }

    /**
     * Sets who scores each generation's candidates (default {@link CandidateExecutor#inProcess()};
     * {@code SparkExecutor} of the optional nas-spark module spreads them over a cluster, whose
     * workers read the supernet file and the COCO or VOC data from the same paths, from URIs, or
     * from copies the driver staged). The executor never changes the result.
     *
     * @param e the executor
     * @return this builder
     */
    public DetNasBuilder optExecutor(CandidateExecutor e) {
        this.executor = Objects.requireNonNull(e, "optExecutor: null");
        return this;
    }

    /** @return the run's immutable settings; {@link DetNas#run()} runs it */
    public DetNas build() {
        Preconditions.checkArgument(!resume || runDirectory != null, "optResume: resuming needs optRunDirectory");
        return new DetNas(this);
    }
}
