package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The box head's fc6 as a convolution against the flatten + dense product written out in Java. */
class PooledFcTest {

    private static final int R = 3;
    private static final int C = 4;
    private static final int P = 2;
    private static final int K = C * P * P;
    private static final int OUT = 5;

    @Test
    void equalsTheLinearLayerOnTheFlattenedMapWithItsGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Block fc = Linear.builder().setUnits(OUT).build();
            fc.initialize(m, DataType.FLOAT32, new Shape(1, K));
            float[] w = fc.getParameters().get("weight").getArray().toFloatArray();
            float[] b = fc.getParameters().get("bias").getArray().toFloatArray();
            // channels-last storage seen as (R, C, P, P), the layout RoIAlign hands over
            NDArray stored = m.randomNormal(new Shape(R, P, P, C));
            stored.setRequiresGradient(true);
            float[] cl = stored.toFloatArray();
            NDArray upstream = m.randomNormal(new Shape(R, OUT));
            float[] u = upstream.toFloatArray();
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = PooledFc.apply(new ParameterStore(m, false), fc, stored.transpose(0, 3, 1, 2), true);
                assertThat(out.getShape()).isEqualTo(new Shape(R, OUT));
                y = out.toFloatArray();
                gc.backward(out.mul(upstream).sum());
            }
            float[] gx = stored.getGradient().toFloatArray();
            float[] gw = fc.getParameters().get("weight").getArray().getGradient().toFloatArray();
            for (int r = 0; r < R; r++) {
                for (int o = 0; o < OUT; o++) {
                    double sum = b[o];
                    for (int k = 0; k < K; k++) {
                        sum += (double) w[o * K + k] * input(cl, r, k);
                    }
                    assertThat(y[r * OUT + o]).as("y[%d][%d]", r, o).isCloseTo((float) sum, within(1e-5f));
                }
            }
            for (int r = 0; r < R; r++) {
                for (int k = 0; k < K; k++) {
                    double sum = 0;
                    for (int o = 0; o < OUT; o++) {
                        sum += (double) u[r * OUT + o] * w[o * K + k];
                    }
                    int c = k / (P * P);
                    int yx = k % (P * P);
                    assertThat(gx[(r * P * P + yx) * C + c]).as("dx[%d][%d]", r, k).isCloseTo((float) sum, within(1e-5f));
                }
            }
            for (int o = 0; o < OUT; o++) {
                for (int k = 0; k < K; k++) {
                    double sum = 0;
                    for (int r = 0; r < R; r++) {
                        sum += (double) u[r * OUT + o] * input(cl, r, k);
                    }
                    assertThat(gw[o * K + k]).as("dW[%d][%d]", o, k).isCloseTo((float) sum, within(1e-5f));
                }
            }
        }
    }

    /** Flattened input k = (c, y, x) of RoI r from channels-last storage (r, y, x, c). */
    private static float input(float[] cl, int r, int k) {
        int c = k / (P * P);
        int yx = k % (P * P);
        return cl[(r * P * P + yx) * C + c];
    }
}
