package org.nas4det.spnas;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionSample;
import org.nas4det.core.data.EmptyDatasetException;
import org.nas4det.core.data.ImageCheck;
import org.nas4det.core.data.ImageSplits;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.io.RunDirectory;

/**
 * The data of a run: the detection training split, the held-out split candidates are scored on
 * (never trained on), and the classification folder of reignition. Without user data, the
 * synthetic shapes sets are written into the run directory; a user's COCO set is split by image
 * id, seeded, and the split is written to {@code splits.json} so a resumed run uses the same images.
 */
final class SpNasData {

    static final String SPLITS = "splits.json";

    final DetectionData train;
    final DetectionData holdout;
    final Path classification;

    private SpNasData(DetectionData train, DetectionData holdout, Path classification) {
        this.train = train;
        this.holdout = holdout;
        this.classification = classification;
    }

    static SpNasData load(RunDirectory dir, DetectionData detection, double holdoutFraction, int syntheticImages, int imageSize,
            Path classification, boolean needClassification, long seed) {
        DetectionData train;
        DetectionData holdout;
        if (detection == null) {
            ShapesLayout l = SyntheticShapes.builder().imageSize(Math.max(64, imageSize)).trainImages(syntheticImages)
                    .valImages(Math.max(1, syntheticImages / 4)).holdoutImages(Math.max(4, syntheticImages / 4)).seed(seed).build()
                    .ensureDetection(dir.file("data/shapes"));
            train = CocoData.reader().read(l.annotations("train"), l.images("train"));
            holdout = CocoData.reader().read(l.annotations("holdout"), l.images("holdout"));
        } else {
            List<Long> ids = detection.samples().stream().map(DetectionSample::imageId).collect(Collectors.toList());
            Map<String, Double> fractions = new LinkedHashMap<>();
            fractions.put("train", 1 - holdoutFraction);
            fractions.put("search_holdout", holdoutFraction);
            ImageSplits s = ImageSplits.loadOrCreate(dir.file(SPLITS), ids, fractions, seed);
            train = detection.subset(new HashSet<>(s.get("train")));
            holdout = detection.subset(new HashSet<>(s.get("search_holdout")));
        }
        if (train.samples().isEmpty() || holdout.samples().isEmpty()) {
            throw new EmptyDatasetException(train.source(), null, "the training split has " + train.samples().size()
                    + " images and the held-out split " + holdout.samples().size() + ": both need at least one (raise optHoldoutFraction / --holdout-fraction, or add images)");
        }
        holdout.requireObjects("the held-out split", "raise optHoldoutFraction (--holdout-fraction), or add images with objects");
        // Every detection image is decoded once now, before the run's settings are written: a
        // broken one stops the run before any training, and leaves no run to refuse the corrected command.
        ImageCheck.decodeAll(train);
        ImageCheck.decodeAll(holdout);
        Path cls = classification;
        if (cls == null && needClassification) {
            Path c = dir.file("data/shapes-cls");
            SyntheticShapes.builder().imageSize(Math.max(32, imageSize)).trainImages(Math.max(4, syntheticImages / 2))
                    .valImages(Math.max(1, syntheticImages / 8)).seed(seed).build().ensureClassification(c);
            cls = c.resolve("train");
        }
        return new SpNasData(train, holdout, cls);
    }
}
