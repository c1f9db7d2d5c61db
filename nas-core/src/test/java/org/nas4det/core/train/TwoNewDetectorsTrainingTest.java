package org.nas4det.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nas4det.core.data.CocoData;
import ai.djl.training.ParameterStore;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.eval.DatasetEvaluation;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.eval.CocoMetrics;

/**
 * GFL and Faster R-CNN through the trainer: a short smoke training on tiny shapes keeps the number
 * of live NDArrays flat from step to step, the losses finite, and saves a model that loads again.
 * (Training to a useful AP is a manual run; its figure is in the README.)
 */
class TwoNewDetectorsTrainingTest {

    @ParameterizedTest
    @ValueSource(strings = {"gfl", "faster_rcnn"})
    void shortTrainingLeaksNoArraysAndSavesALoadableModel(String head, @TempDir Path tmp) {
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(8).valImages(2).holdoutImages(1).seed(0)
                .build().writeDetection(tmp.resolve("shapes"));
        DetectionData train = CocoData.reader().read(l.annotations("train"), l.images("train"));
        DetectionData val = CocoData.reader().read(l.annotations("val"), l.images("val"));
        DetectorSpec spec = DetectorSpec.of(JsonParser.parseString("{\"head\": \"" + head + "\", \"backbone\": {\"type\": \"resnet\","
                + " \"depth\": 18, \"stem_width\": 8}, \"channels\": 32, \"tower_depth\": 1, \"input_size\": 64,"
                + " \"fc_width\": 64, \"rois_per_image\": 64, \"proposals_train\": 200, \"proposals_test\": 100}").getAsJsonObject());
        try (NDManager m = NDManager.newBaseManager()) {
            int[] counts = new int[2];
            float[] loss = new float[1];
            CocoMetrics metrics = DetectorTrainer.builder().setSpec(spec).setTrainData(train).optValData(val)
                    .optIterations(6).optBatchSize(2).optLearningRate(0.01f, 2).optSeed(0).optRunDirectory(tmp.resolve("run"))
                    .addTrainingListener(new TrainingListener() {
                        @Override
                        public void onStep(TrainingStep step) {
                            if (step.iteration() == 2) {
                                counts[0] = m.getManagedArrays().size();
                            }
                            if (step.iteration() == 5) {
                                counts[1] = m.getManagedArrays().size();
                                loss[0] = step.totalLoss();
                            }
                        }
                    }).build().train(m);
            assertThat(counts[1]).as("live NDArrays after step 5 vs step 2").isEqualTo(counts[0]);
            assertThat(loss[0]).isFinite().isPositive();
            assertThat(metrics).isNotNull();
            SavedDetector saved = SavedDetector.load(tmp.resolve("run/model"), m);
            assertThat(saved.spec().head()).isEqualTo(head);
            DetectionDataset valSet = DetectionDataset.builder().setData(val)
                    .optTransforms(DetectionDataset.evalTransforms(64, 64)).setSampling(2, false).build();
            ParameterStore ps = new ParameterStore(m, false);
            CocoMetrics reloaded = DatasetEvaluation.evaluate((x, t) -> saved.detector().predict(ps, x, t), valSet, m);
            assertThat(reloaded.stat("AR100")).isEqualTo(metrics.stat("AR100"));
            assertThat(reloaded.stat("AP")).isEqualTo(metrics.stat("AP"));
        }
    }
}
