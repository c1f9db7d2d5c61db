package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Evaluation;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.nn.BatchNorm2d;
import org.nas4det.core.train.BnRecalibration;
import org.nas4det.core.train.DatasetBatches;

class DetNasEvaluatorTest {

    static List<float[]> statistics(Detector d) {
        List<float[]> out = new ArrayList<>();
        for (BatchNorm2d bn : BnRecalibration.layers(d)) {
            out.add(bn.runningMean().getArray().toFloatArray());
            out.add(bn.runningVar().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void everyPolicyScoresTheCandidateAndLeavesTheSupernetStatisticsUntouched(@TempDir Path tmp) {
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(8).valImages(1).holdoutImages(4).seed(2)
                .build().writeDetection(tmp);
        DetectionDataset train = DetectionDataset.builder().setData(CocoData.reader().read(l.annotations("train"), l.images("train")))
                .optTransforms(DetectionDataset.evalTransforms(64, 64)).setSampling(4, false).build();
        DetectionDataset holdout = DetectionDataset.builder().setData(CocoData.reader().read(l.annotations("holdout"), l.images("holdout")))
                .optTransforms(DetectionDataset.evalTransforms(64, 64)).setSampling(4, false).build();
        DetNasSpace space = DetNasSpace.builder().optStem(8).optWidths(16, 32, 64, 128).optDepths(1, 1, 2, 1).optLevels(3, 4, 5).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            DetNasSupernet supernet = DetNasSupernet.of(space);
            Detector detector = Detector.fcos(supernet.block(), 5).optChannels(16).optTowerDepth(1).build();
            detector.initialize(m, DataType.FLOAT32, new Shape(4, 3, 64, 64));
            DetNasArch arch = space.sample(new Random(3));
            List<float[]> before = statistics(detector);
            for (BnPolicy policy : BnPolicy.values()) {
                DetNasEvaluator e = new DetNasEvaluator(supernet, detector, DatasetBatches.of(train, 4, 0), 8, holdout, policy, m);
                int arrays = m.getManagedArrays().size();
                Evaluation first = e.evaluate(arch);
                assertThat(m.getManagedArrays()).as("arrays left by an evaluation under %s", policy).hasSize(arrays);
                assertThat(first.metric("mAP")).isBetween(0.0, 1.0);
                assertThat(first.metrics()).containsKeys("AP50", "AP75");
                assertThat(e.evaluate(arch).metrics()).as("deterministic under %s", policy).isEqualTo(first.metrics());
                assertThat(e.describe()).contains(policy.name());
                List<float[]> after = statistics(detector);
                for (int i = 0; i < before.size(); i++) {
                    assertThat(after.get(i)).as("%s, statistics %s", policy, i).containsExactly(before.get(i));
                }
            }
        }
    }
}
