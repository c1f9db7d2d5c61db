package org.nas4det.detnas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nas4det.core.data.ClassificationData;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionSample;
import org.nas4det.core.data.EmptyDatasetException;
import org.nas4det.core.data.ImageCheck;
import org.nas4det.core.data.ImageSplits;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.io.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data step of a DetNAS run: the supernet-training images, the held-out images the search
 * scores on (never trained on) and the pre-training folder, from the user's data or the
 * synthetic sets written into the run directory.
 */
final class DetNasData {

    private static final Logger LOG = LoggerFactory.getLogger(DetNasData.class);

    final DetectionData train;
    final DetectionData holdout;
    final Path classification;

    private DetNasData(DetectionData train, DetectionData holdout, Path classification) {
        this.train = train;
        this.holdout = holdout;
        this.classification = classification;
    }

    /**
     * Resolves the data of a run; splits are seeded and saved in {@link DetNasFiles#SPLITS}.
     *
     * @param s the run's settings
     * @param dir the run directory
     * @return the data
     */
    static DetNasData resolve(DetNas s, RunDirectory dir) {
        DetectionData train;
        DetectionData holdout;
        if (s.detectionData() == null) {
            int n = s.syntheticImages();
            ShapesLayout l = SyntheticShapes.builder().imageSize(Math.max(64, s.finetuning().imageSize()))
                    .trainImages(n).valImages(Math.max(1, n / 4)).holdoutImages(Math.max(4, n / 4)).seed(s.seed()).build()
                    .ensureDetection(dir.file("data/shapes"));
            train = CocoData.reader().read(l.annotations("train"), l.images("train"));
            holdout = s.holdoutData() != null ? s.holdoutData() : CocoData.reader().read(l.annotations("holdout"), l.images("holdout"));
        } else if (s.holdoutData() != null) {
            train = s.detectionData();
            holdout = s.holdoutData();
        } else {
            DetectionData all = s.detectionData();
            List<Long> ids = all.samples().stream().map(DetectionSample::imageId).collect(Collectors.toList());
            Map<String, Double> fractions = new LinkedHashMap<>();
            fractions.put("supernet_train", 1 - s.holdoutFraction());
            fractions.put("search_holdout", s.holdoutFraction());
            ImageSplits splits = ImageSplits.loadOrCreate(dir.file(DetNasFiles.SPLITS), ids, fractions, s.seed());
            train = all.subset(new HashSet<>(splits.get("supernet_train")));
            holdout = all.subset(new HashSet<>(splits.get("search_holdout")));
        }
        if (train.samples().isEmpty() || holdout.samples().isEmpty()) {
            throw new EmptyDatasetException(train.source(), null, "the supernet-training split has " + train.samples().size()
                    + " images and the search held-out split " + holdout.samples().size() + ": both need at least one");
        }
        Path classification = s.classificationData();
        boolean pretrains = s.pretraining().iterations() > 0 && s.supernetFile() == null
                && !Files.exists(dir.file(DetNasFiles.SUPERNET)) && !Files.exists(dir.file(DetNasFiles.PRETRAINED));
        if (classification != null && pretrains) {
            // Its folders are listed now (images are decoded when drawn): a wrong folder stops the
            // run before anything is written.
            ClassificationData.imageFolder(classification, s.pretraining().imageSize(), 1, false, s.seed());
        }
        if (classification == null && pretrains) {
            Path c = dir.file("data/shapes-cls");
            int n = s.syntheticImages();
            SyntheticShapes.builder().imageSize(Math.max(32, s.pretraining().imageSize())).trainImages(Math.max(4, n / 2))
                    .valImages(Math.max(1, n / 8)).seed(s.seed()).build().ensureClassification(c);
            classification = c.resolve("train");
        }
        train.warnIfNoObjects("supernet-training");
        holdout.requireObjects("the search's held-out split", s.holdoutData() != null
                ? "give a held-out split with objects (optHoldoutData, --holdout-split)"
                : "raise optHoldoutFraction (--holdout-fraction), or give a held-out split (optHoldoutData, --holdout-split)");
        // Every detection image is decoded once now: a broken one stops the run before any training.
        ImageCheck.decodeAll(train);
        ImageCheck.decodeAll(holdout);
        LOG.info("detection data: {} images for supernet training, {} held out for the search", train.samples().size(),
                holdout.samples().size());
        return new DetNasData(train, holdout, classification);
    }
}
