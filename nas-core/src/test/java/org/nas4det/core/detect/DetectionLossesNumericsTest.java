package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The losses at the inputs where a careless formula gives NaN or infinity: logits far beyond
 * where sigmoid saturates, predicted distances that ReLU zeroed or that are huge, tiny boxes.
 * Loss and gradient must both be finite.
 */
class DetectionLossesNumericsTest {

    private static final float[] EXTREME_LOGITS = {-1e30f, -1e4f, -100, -30, -17, 0, 17, 30, 100, 1e4f, 1e30f};

    /** Loss per element and d(sum of loss)/d(first input), as float arrays. */
    private static float[][] lossAndGradient(NDManager m, float[] x, Shape shape, NDArray other, BiFunction<NDArray, NDArray, NDArray> loss) {
        NDArray in = m.create(x, shape);
        in.setRequiresGradient(true);
        float[] l;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = loss.apply(in, other);
            l = out.toFloatArray();
            gc.backward(out.sum());
        }
        return new float[][] {l, in.getGradient().toFloatArray()};
    }

    private static void assertFinite(float[][] lossAndGradient, String what) {
        for (float v : lossAndGradient[0]) {
            assertThat(Float.isFinite(v)).as("%s loss %s", what, Arrays.toString(lossAndGradient[0])).isTrue();
        }
        for (float v : lossAndGradient[1]) {
            assertThat(Float.isFinite(v)).as("%s gradient %s", what, Arrays.toString(lossAndGradient[1])).isTrue();
        }
    }

    /** Loss and gradient at every extreme logit against a constant target are finite, the gradient at most 1 in size. */
    private static void assertBoundedAtExtremeLogits(NDManager m, float target, BiFunction<NDArray, NDArray, NDArray> loss, String what) {
        float[] t = new float[EXTREME_LOGITS.length];
        Arrays.fill(t, target);
        float[][] r = lossAndGradient(m, EXTREME_LOGITS, new Shape(EXTREME_LOGITS.length), m.create(t), loss);
        assertFinite(r, what + ", target " + target);
        for (float g : r[1]) {
            assertThat(Math.abs(g)).isLessThanOrEqualTo(1f);
        }
    }

    @Test
    void focalLossAndGradientStayFiniteAtExtremeLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (float target : new float[] {0, 1}) {
                // |d/dx| of the focal loss is below α (or 1 − α) times a small constant: no blow-up.
                assertBoundedAtExtremeLogits(m, target, (x, y) -> DetectionLosses.sigmoidFocal(x, y, 0.25f, 2f), "focal");
            }
        }
    }

    @Test
    void bceWithLogitsAndGradientStayFiniteAtExtremeLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (float target : new float[] {0, 0.5f, 1}) {
                assertBoundedAtExtremeLogits(m, target, DetectionLosses::bceWithLogits, "bce");
            }
        }
    }

    @Test
    void giouOfDistancesStaysFiniteForDeadHugeAndTinyPredictions() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] pred = {
                0, 0, 0, 0, // every distance zeroed by the ReLU
                0, 0, 0, 0, // and against a tiny target
                1e-30f, 1e-30f, 1e-30f, 1e-30f,
                1e6f, 1e6f, 1e6f, 1e6f, // a far too large box
                1, 1, 1, 1,
            };
            float[] target = {
                1, 1, 1, 1,
                1e-3f, 1e-3f, 1e-3f, 1e-3f,
                0.5f, 0.1f, 0.5f, 0.1f,
                1, 1, 1, 1,
                1, 1, 1, 1,
            };
            float[][] r = lossAndGradient(m, pred, new Shape(5, 4), m.create(target, new Shape(5, 4)), DetectionLosses::giouDistances);
            assertFinite(r, "giou");
            for (float l : r[0]) {
                assertThat(l).isBetween(0f, 2f);
            }
        }
    }

    /** FCOS losses of one 2×2 level with 2 classes for the given raw outputs, and their gradients. */
    private static float[][] fcosLossesAndGradients(NDManager m, float cls, float reg, float ctr, float[] box) {
        FcosHead head = new FcosHead(ConvTowers.fcos(8, 1), 2, 1);
        Locations loc = Locations.of(new int[][] {{2, 2}}, new int[] {8});
        NDArray c = m.full(new Shape(1, 4, 2), cls);
        NDArray r = m.full(new Shape(1, 4, 4), reg);
        NDArray t = m.full(new Shape(1, 4), ctr);
        for (NDArray x : new NDArray[] {c, r, t}) {
            x.setRequiresGradient(true);
        }
        NDList targets = new NDList(m.create(box.length == 0 ? new float[4] : box, new Shape(1, 1, 4)),
                m.create(new int[] {box.length == 0 ? -1 : 1}, new Shape(1, 1)),
                m.create(new float[] {16, 16, 1, 1, 16, 16}, new Shape(1, 6)), m.create(new long[] {1}));
        float[] losses = new float[3];
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Map<String, NDArray> l = head.losses(new NDList(c, r, t), targets, loc);
            assertThat(l).containsOnlyKeys("loss_cls", "loss_reg", "loss_centerness");
            losses[0] = l.get("loss_cls").getFloat();
            losses[1] = l.get("loss_reg").getFloat();
            losses[2] = l.get("loss_centerness").getFloat();
            gc.backward(l.get("loss_cls").add(l.get("loss_reg")).add(l.get("loss_centerness")));
        }
        float[] g = new float[0];
        for (NDArray x : new NDArray[] {c, r, t}) {
            float[] gx = x.getGradient().toFloatArray();
            float[] all = Arrays.copyOf(g, g.length + gx.length);
            System.arraycopy(gx, 0, all, g.length, gx.length);
            g = all;
        }
        return new float[][] {losses, g};
    }

    @Test
    void fcosLossesOfAnImageWithoutBoxesAreFiniteAndOnlyTheClassifierLearns() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] r = fcosLossesAndGradients(m, 3f, 1f, 0f, new float[0]);
            assertFinite(r, "no positives");
            // No positives: the normaliser is 1, not 0; box and centre-ness losses are exactly 0.
            double p = 1 / (1 + Math.exp(-3));
            assertThat((double) r[0][0]).isCloseTo(8 * 0.75 * p * p * Math.log(1 + Math.exp(3)), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(r[0][1]).isZero();
            assertThat(r[0][2]).isZero();
        }
    }

    @Test
    void fcosLossesStayFiniteForSaturatedOutputsAndDeadRegression() {
        try (NDManager m = NDManager.newBaseManager()) {
            // A box covering the whole 16 px image: all four locations are positives.
            float[] box = {0, 0, 16, 16};
            for (float cls : new float[] {-1e4f, 1e4f}) {
                for (float reg : new float[] {0f, 1e6f}) {
                    for (float ctr : new float[] {-1e4f, 1e4f}) {
                        assertFinite(fcosLossesAndGradients(m, cls, reg, ctr, box), "cls " + cls + " reg " + reg + " ctr " + ctr);
                    }
                }
            }
        }
    }
}
