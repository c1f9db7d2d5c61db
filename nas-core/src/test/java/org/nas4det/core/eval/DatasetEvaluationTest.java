package org.nas4det.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.DetectionTargets;
import org.nas4det.core.data.TargetBatchifier;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;

class DatasetEvaluationTest {

    @TempDir Path tmp;

    /** Predicts the (resized) ground truth itself: the runner must map it back exactly. */
    private static List<ImageDetections> oracle(NDList targets, int keepEvery) {
        List<ImageDetections> out = new ArrayList<>();
        for (NDList t : new TargetBatchifier().unbatchify(targets)) {
            float[] boxes = t.get(DetectionTargets.BOXES).toFloatArray();
            int[] labels = t.get(DetectionTargets.CLASSES).toIntArray();
            int n = (labels.length + keepEvery - 1) / keepEvery;
            float[] b = new float[4 * n];
            float[] s = new float[n];
            int[] l = new int[n];
            for (int i = 0, k = 0; i < labels.length; i += keepEvery, k++) {
                System.arraycopy(boxes, 4 * i, b, 4 * k, 4);
                s[k] = 1f - 0.01f * k;
                l[k] = labels[i];
            }
            out.add(new ImageDetections(0, b, s, l));
        }
        return out;
    }

    @Test
    void anOracleScoresOneThroughResizeAndTheResultFileRoundTrips() throws Exception {
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(6).valImages(1).holdoutImages(1).seed(4)
                .build().writeDetection(tmp);
        DetectionData data = CocoData.reader().read(l.annotations("train"), l.images("train"));
        DetectionDataset ds = DetectionDataset.builder().setData(data)
                .optTransforms(DetectionDataset.evalTransforms(96, 96)).setSampling(4, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            CocoMetrics perfect = DatasetEvaluation.evaluate((images, targets) -> oracle(targets, 1), ds, m);
            assertThat(perfect.stat("AP")).isCloseTo(1.0, offset(1e-6));
            CocoMetrics half = DatasetEvaluation.evaluate((images, targets) -> oracle(targets, 2), ds, m);
            assertThat(half.stat("AR100")).isLessThan(0.8).isGreaterThan(0.2);

            List<ImageDetections> dets = DatasetEvaluation.predict((images, targets) -> oracle(targets, 1), ds, m);
            Path results = tmp.resolve("results.json");
            CocoResults.write(results, dets, data.categories());
            // Scored against the original annotation file by the file-level evaluator.
            CocoMetrics fromFile = CocoEvaluator.evaluate(
                    CocoJson.readGroundTruth(l.annotations("train")), CocoJson.readDetections(results));
            assertThat(fromFile.stat("AP50")).isCloseTo(1.0, offset(1e-6));
        }
    }
}
