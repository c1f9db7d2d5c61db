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
            assertThat(gradient(m, x, v -> GraphScalars.div(v, 4f))).containsExactly(0.25f, 0.25f);
            assertThat(gradient(m, x, v -> GraphScalars.mul(v, 4f))).containsExactly(4f, 4f);
            assertThat(gradient(m, x, v -> GraphScalars.pow(v, 2f))).containsExactly(4f, -6f);
            assertThat(gradient(m, x, v -> GraphScalars.maximum(v, 0f))).containsExactly(1f, 0f);
            assertThat(gradient(m, x, v -> GraphScalars.minimum(v, 0f))).containsExactly(0f, 1f);
        }
    }

    @Test
    void givesTheSameNumbersAsDjlsScalarOperations() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.3f, -1.7f, 5e-8f, 3e30f});
            assertThat(GraphScalars.div(x, 7f).toFloatArray()).containsExactly(x.div(7f).toFloatArray());
            assertThat(GraphScalars.mul(x, -0.25f).toFloatArray()).containsExactly(x.mul(-0.25f).toFloatArray());
            assertThat(GraphScalars.pow(x.abs(), 2f).toFloatArray()).containsExactly(x.abs().pow(2f).toFloatArray());
            assertThat(GraphScalars.maximum(x, 0.1f).toFloatArray()).containsExactly(x.maximum(0.1f).toFloatArray());
            assertThat(GraphScalars.minimum(x, 0.1f).toFloatArray()).containsExactly(x.minimum(0.1f).toFloatArray());
            assertThat(GraphScalars.of(x, 2f).getShape().dimension()).isZero();
        }
    }
}
