package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.DetectionSample;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.FcosHead;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.core.train.DatasetBatches;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.BilevelSearch;
import org.nas4det.fad.search.SearchHead;
import org.nas4det.fad.search.SearchSettings;

/** The two optimizers of the bilevel search touch only their own parameters. */
class FadBilevelTest {

    static float[][] snapshot(List<Parameter> ps) {
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            out[i] = ps.get(i).getArray().toFloatArray();
        }
        return out;
    }

    static boolean same(float[][] a, float[][] b) {
        for (int i = 0; i < a.length; i++) {
            if (!java.util.Arrays.equals(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Runs 2 iterations with the given learning rates; returns {alphas before, after, weights before, after}. */
    static float[][][] run(Path data, float weightLr, float alphaLr, boolean secondOrder) {
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(8).valImages(1).holdoutImages(1).seed(1).build()
                .ensureDetection(data);
        DetectionData d = CocoData.reader().read(l.annotations("train"), l.images("train"));
        List<Long> ids = d.samples().stream().map(DetectionSample::imageId).collect(Collectors.toList());
        try (NDManager m = NDManager.newBaseManager()) {
            SearchHead head = new SearchHead(OpSpace.released(), 16, 8, 1, 3);
            Detector det = Detector.fcos(ResNets.scaled(18, 8, 3, 4, 5), 5).optChannels(16).optTowers(head).build();
            Engine.getInstance().setRandomSeed(0);
            det.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            assertThat(((FcosHead) det.head()).towers()).isSameAs(head);
            DetectionDataset w = DetectionDataset.builder().setData(d.subset(new HashSet<>(ids.subList(0, 4))))
                    .optTransforms(DetectionDataset.trainTransforms(64, 64)).setSampling(2, true).build();
            DetectionDataset a = DetectionDataset.builder().setData(d.subset(new HashSet<>(ids.subList(4, 8))))
                    .optTransforms(DetectionDataset.trainTransforms(64, 64)).setSampling(2, true).build();
            List<Parameter> weights = head.weightParameters(det);
            List<Parameter> alphas = head.alphaParameters();
            assertThat(weights).doesNotContainAnyElementsOf(alphas);
            float[][] a0 = snapshot(alphas);
            float[][] w0 = snapshot(weights);
            SearchSettings s = new SearchSettings(2, 2, weightLr, 1e-4f, 0, 0, 20, alphaLr, 1e-3f, secondOrder, 1, 0);
            new BilevelSearch(det, head, DatasetBatches.of(w, 2, 0), DatasetBatches.of(a, 2, 1), s, null).run(m, it -> { });
            return new float[][][] {a0, snapshot(alphas), w0, snapshot(weights)};
        }
    }

    @Test
    void weightOptimizerNeverTouchesTheAlphas(@TempDir Path tmp) {
        float[][][] r = run(tmp.resolve("d"), 0.01f, 0f, false);
        assertThat(same(r[0], r[1])).as("alphas unchanged when only the weights learn").isTrue();
        assertThat(same(r[2], r[3])).as("weights changed").isFalse();
    }

    @Test
    void alphaOptimizerNeverTouchesTheWeights(@TempDir Path tmp) {
        float[][][] r = run(tmp.resolve("d"), 0f, 0.01f, false);
        assertThat(same(r[0], r[1])).as("alphas changed").isFalse();
        assertThat(same(r[2], r[3])).as("weights unchanged when only the alphas learn").isTrue();
        float[][][] second = run(tmp.resolve("d"), 0f, 0.01f, true);
        assertThat(same(second[2], second[3])).as("second order restores the weights").isTrue();
        assertThat(same(second[0], second[1])).isFalse();
    }
}
