package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GraphScalarsTest {

    private static float[] gradient(NDManager m, float[] x0, UnaryOperator<NDArray> op) {
        NDArray x = m.create(x0);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = op.apply(x);
            FreedScalarReuse.collectAndReuse(m);
            gc.backward(y.sum());
        }
        return x.getGradient().toFloatArray();
    }

    @Test
    void gradientsStayRightWhenACollectionRunsBeforeTheBackwardPass() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = {2f, -3f};
            assertThat(gradient(m, x, v -> v.div(GraphScalars.of(v, 4f)))).containsExactly(0.25f, 0.25f);
            assertThat(gradient(m, x, v -> v.mul(GraphScalars.of(v, 4f)))).containsExactly(4f, 4f);
            assertThat(gradient(m, x, v -> v.pow(GraphScalars.of(v, 2f)))).containsExactly(4f, -6f);
            assertThat(gradient(m, x, v -> v.maximum(GraphScalars.of(v, 0f)))).containsExactly(1f, 0f);
            assertThat(gradient(m, x, v -> v.minimum(GraphScalars.of(v, 0f)))).containsExactly(0f, 1f);
        }
    }

    @Test
    void givesTheSameNumbersAsDjlsScalarOperations() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.3f, -1.7f, 5e-8f, 3e30f});
            assertThat(x.div(GraphScalars.of(x, 7f)).toFloatArray()).containsExactly(x.div(7f).toFloatArray());
            assertThat(x.mul(GraphScalars.of(x, -0.25f)).toFloatArray()).containsExactly(x.mul(-0.25f).toFloatArray());
            assertThat(x.abs().pow(GraphScalars.of(x.abs(), 2f)).toFloatArray()).containsExactly(x.abs().pow(2f).toFloatArray());
            assertThat(x.maximum(GraphScalars.of(x, 0.1f)).toFloatArray()).containsExactly(x.maximum(0.1f).toFloatArray());
            assertThat(x.minimum(GraphScalars.of(x, 0.1f)).toFloatArray()).containsExactly(x.minimum(0.1f).toFloatArray());
            assertThat(GraphScalars.of(x, 2f).getShape().dimension()).isZero();
        }
    }
}
