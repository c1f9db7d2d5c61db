package org.nas4det.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.DetectionTargets;

/**
 * Runs a detector over a data set and scores it with the COCO evaluator: each batch under its
 * own NDManager, closed when the batch is done; predicted boxes mapped back to original image
 * pixels (divided by the resize scale, clipped to the image).
 *
 * <pre>{@code CocoMetrics m = DatasetEvaluation.evaluate(detector::predict, valSet, manager);}</pre>
 */
public final class DatasetEvaluation {

    /** Predicts the detections of a batch, in network-input pixels. */
    @FunctionalInterface
    public interface Predictor {
        /**
         * Predicts one batch.
         *
         * @param images the batched images {@code (B, 3, H, W)}
         * @param targets the batched targets ({@link DetectionTargets} layout)
         * @return one result per image, boxes in network-input pixels
         */
        List<ImageDetections> predict(NDArray images, NDList targets);
    }

    private DatasetEvaluation() {}

    /**
     * Evaluates.
     *
     * @param predictor the detector
     * @param dataset the data set (its sampler decides the batch size)
     * @param manager the parent manager; each batch uses a sub-manager
     * @return the metrics against the data set's ground truth
     */
    public static CocoMetrics evaluate(Predictor predictor, DetectionDataset dataset, NDManager manager) {
        List<ImageDetections> all = predict(predictor, dataset, manager);
        return CocoEvaluator.evaluate(
                CocoResults.groundTruth(dataset.data()),
                CocoResults.toBoxDetections(all, dataset.data().categories()));
    }

    /**
     * Predicts every image of a data set, boxes in original image pixels.
     *
     * @param predictor the detector
     * @param dataset the data set
     * @param manager the parent manager
     * @return the detections, in data set order
     */
    public static List<ImageDetections> predict(Predictor predictor, DetectionDataset dataset, NDManager manager) {
        List<ImageDetections> all = new ArrayList<>();
        try {
            for (Batch batch : dataset.getData(manager)) {
                try (NDManager sub = manager.newSubManager(); Batch b = batch) {
                    b.getData().attach(sub);
                    b.getLabels().attach(sub);
                    NDList targets = b.getLabels();
                    List<ImageDetections> out = predictor.predict(b.getData().head(), targets);
                    float[] info = targets.get(DetectionTargets.INFO).toFloatArray();
                    long[] ids = targets.get(DetectionTargets.IMAGE_ID).toLongArray();
                    for (int i = 0; i < out.size(); i++) {
                        all.add(toOriginal(out.get(i), ids[i], info, i));
                    }
                }
            }
        } catch (IOException | TranslateException e) {
            throw new IllegalStateException("cannot read the data set: " + e.getMessage(), e);
        }
        return all;
    }

    private static ImageDetections toOriginal(ImageDetections d, long imageId, float[] info, int i) {
        int base = i * DetectionTargets.INFO_SIZE;
        float sy = info[base + DetectionTargets.INFO_SCALE_Y];
        float sx = info[base + DetectionTargets.INFO_SCALE_X];
        float h = info[base + DetectionTargets.INFO_ORIGINAL_HEIGHT];
        float w = info[base + DetectionTargets.INFO_ORIGINAL_WIDTH];
        float[] b = d.boxes().clone();
        for (int k = 0; k < b.length; k += 4) {
            b[k] = Math.min(w, Math.max(0, b[k] / sx));
            b[k + 1] = Math.min(h, Math.max(0, b[k + 1] / sy));
            b[k + 2] = Math.min(w, Math.max(0, b[k + 2] / sx));
            b[k + 3] = Math.min(h, Math.max(0, b[k + 3] / sy));
        }
        return new ImageDetections(imageId, b, d.scores(), d.labels());
    }
}
