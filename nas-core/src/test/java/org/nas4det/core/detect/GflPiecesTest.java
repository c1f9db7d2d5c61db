package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nas4det.core.nn.resnet.ResNets;

/** GFL's pieces against values computed by hand (the arithmetic is in the comments). */
class GflPiecesTest {

    // One row of four locations, stride 8: x = 4, 12, 20, 28 at y = 4. With octave 2 the anchors are
    // 16 wide: [x-8, -4, x+8, 12].
    private static final Locations ROW = Locations.of(new int[][] {{1, 4}}, new int[] {8});

    @Test
    void atssKeepsCandidatesAboveMeanPlusStdWhoseCentreIsInside() {
        // gt (-4,-4,12,12), centre (4,4): the 3 closest anchors are 0, 1, 2 with IoUs 1, 128/384 = 1/3, 0.
        // mean 4/9 = 0.444, unbiased std 0.509 → threshold 0.954: only anchor 0.
        int[] match = new AtssAssigner(3, 2f).assign(ROW, new float[] {-4, -4, 12, 12});
        assertThat(match).containsExactly(0, -1, -1, -1);
    }

    @Test
    void atssGivesAnAnchorPositiveForTwoBoxesTheOneOfHigherIou() {
        // box 0 (-4,-4,14,12): candidates 0, 1, 2 with IoUs 256/288 = 0.889, 160/384 = 0.417, 32/512 = 0.0625;
        // mean 0.456 + std 0.415 = 0.871 → anchor 0 is positive for box 0 (IoU 0.889) and for box 1 (IoU 1).
        int[] match = new AtssAssigner(3, 2f).assign(ROW, new float[] {-4, -4, 14, 12, -4, -4, 12, 12});
        assertThat(match).containsExactly(1, -1, -1, -1);
    }

    @Test
    void atssNeedsTheCentreInsideTheBox() {
        // the same box shifted so that no location centre lies inside it
        int[] match = new AtssAssigner(3, 2f).assign(ROW, new float[] {5, 5, 11, 11});
        assertThat(match).containsExactly(-1, -1, -1, -1);
    }

    @Test
    void qualityFocalLossByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // x = 0, y = 0.8: BCE = ln 2, |0.8 − 0.5|² = 0.09 → 0.0623832
            // x = 2, y = 0: BCE = softplus(2) = 2.126928, σ(2)² = 0.775803 → 1.650077
            float[] l = GflLosses.qualityFocal(m.create(new float[] {0, 2}), m.create(new float[] {0.8f, 0}), 2f).toFloatArray();
            assertThat(l[0]).isCloseTo(0.0623832f, within(1e-6f));
            assertThat(l[1]).isCloseTo(1.650077f, within(1e-5f));
        }
    }

    @Test
    void distributionFocalLossByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // logits (0, ln 3, 0) → softmax (0.2, 0.6, 0.2); y = 0.25 between bins 0 and 1:
            // −(0.75 ln 0.2 + 0.25 ln 0.6) = 1.334785
            float ln3 = (float) Math.log(3);
            float[] l = GflLosses.distributionFocal(m.create(new float[] {0, ln3, 0}, new Shape(1, 3)), new float[] {0.25f})
                    .toFloatArray();
            assertThat(l[0]).isCloseTo(1.334785f, within(1e-5f));
        }
    }

    @Test
    void integralIsTheExpectedBin() {
        try (NDManager m = NDManager.newBaseManager()) {
            // per side logits over 3 bins: (0, 0, ln 2) → (0.25, 0.25, 0.5) → 1.25; (0, ln 3, 0) → 1.0;
            // uniform → 1.0; (ln 2, 0, 0) → (0.5, 0.25, 0.25) → 0.75
            float ln2 = (float) Math.log(2);
            float ln3 = (float) Math.log(3);
            float[] d = GflLosses.integral(m.create(new float[] {0, 0, ln2, 0, ln3, 0, 0, 0, 0, ln2, 0, 0}, new Shape(1, 1, 12)), 2)
                    .toFloatArray();
            assertThat(d).containsExactly(new float[] {1.25f, 1f, 1f, 0.75f}, within(1e-6f));
            // boxes around the point (10, 20) with stride 8: (10 − 10, 20 − 8, 10 + 8, 20 + 6)
            float[] box = GflHead.boxes(m.create(new float[] {10, 20}, new Shape(1, 2)), m.create(new float[] {8}, new Shape(1, 1)),
                    m.create(d, new Shape(1, 4))).toFloatArray();
            assertThat(box).containsExactly(new float[] {0, 12, 18, 26}, within(1e-5f));
        }
    }

    @Test
    void qualityFocalLossOnProbabilitiesByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // p = 0.5, y = 0.8: BCE = ln 2, · 0.09 = 0.0623832; p = 0.25, y = 0: −ln 0.75 · 0.0625 = 0.0179801
            float[] l = GflLosses.qualityFocalProb(m.create(new float[] {0.5f, 0.25f}), m.create(new float[] {0.8f, 0}), 2f)
                    .toFloatArray();
            assertThat(l[0]).isCloseTo(0.0623832f, within(1e-6f));
            assertThat(l[1]).isCloseTo(0.0179801f, within(1e-6f));
        }
    }

    @Test
    void gflV2QualityPredictorTrainsAndPredicts() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            Detector d = Detector.gfl(ResNets.body(18, 3, 4, 5), 3).optChannels(32).optTowerDepth(1).optGflV2(true).build();
            Shape in = new Shape(2, 3, 64, 64);
            d.initialize(m, DataType.FLOAT32, in);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomNormal(in);
            NDList t = DetectorSmokeTest.targets(m);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> losses = d.losses(ps, images, t);
                NDArray total = losses.values().stream().reduce(NDArray::add).orElseThrow();
                assertThat(total.getFloat()).isFinite().isPositive();
                gc.backward(total);
            }
            NDArray w = d.head().getParameters().stream().filter(p -> p.getKey().contains("reg_conf0") && p.getKey().endsWith("weight"))
                    .findFirst().orElseThrow().getValue().getArray();
            assertThat(w.getGradient().abs().sum().getFloat()).isPositive();
            assertThat(d.predict(ps, images, t)).hasSize(2);
        }
    }
}
