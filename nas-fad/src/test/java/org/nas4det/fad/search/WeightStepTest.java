package org.nas4det.fad.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.core.train.NonFiniteLossException;
import org.nas4det.core.train.NonFiniteSteps;
import org.nas4det.core.train.SgdOptimizer;

/** The bilevel search's weight step: clipping, biases at twice the rate, and nothing moves on a non-finite gradient. */
class WeightStepTest {

    private static Parameter param(NDManager m, String name, Parameter.Type type, float... values) {
        Parameter p = Parameter.builder().setName(name).setType(type).build();
        p.setArray(m.create(values));
        p.getArray().setRequiresGradient(true);
        return p;
    }

    /** Gradients: w gets {@code gw}, b gets {@code gb} (loss = gw·w + gb·b). */
    private static void backward(NDManager m, Parameter w, Parameter b, float[] gw, float[] gb) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.getArray().mul(m.create(gw)).sum().add(b.getArray().mul(m.create(gb)).sum()));
        }
    }

    @Test
    void biasesMoveAtTwiceTheRateAndTheGlobalNormIsClipped() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, 1f, 2f);
            Parameter b = param(m, "b", Parameter.Type.BIAS, 0f);
            SgdOptimizer sgd = new SgdOptimizer(0.9f, 0, false, 0, m);
            SgdOptimizer sgdBias = new SgdOptimizer(0.9f, 0, false, 0, m);
            backward(m, w, b, new float[] {3f, 0f}, new float[] {4f}); // global norm 5
            float norm = BilevelSearch.weightStep(List.of(w, b), List.of(w), List.of(b), sgd, sgdBias, 0.1f, 1f);
            assertThat(norm).isCloseTo(5f, offset(1e-5f));
            // Clipped to norm 1: gradients 0.6, 0 and 0.8; the bias at rate 0.2.
            assertThat(w.getArray().toFloatArray()).containsExactly(new float[] {1f - 0.1f * 0.6f, 2f}, offset(1e-6f));
            assertThat(b.getArray().toFloatArray()).containsExactly(new float[] {-0.2f * 0.8f}, offset(1e-6f));
        }
    }

    @Test
    void aNonFiniteBiasGradientMovesNeitherGroup() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, 1f, 2f);
            Parameter b = param(m, "b", Parameter.Type.BIAS, 0f);
            SgdOptimizer sgd = new SgdOptimizer(0.9f, 1e-4f, false, 0, m);
            SgdOptimizer sgdBias = new SgdOptimizer(0.9f, 0, false, 0, m);
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                backward(m, w, b, new float[] {3f, 1f}, new float[] {bad});
                float norm = BilevelSearch.weightStep(List.of(w, b), List.of(w), List.of(b), sgd, sgdBias, 0.1f, 20f);
                assertThat(norm).as("gradient %s", bad).isNotFinite();
                assertThat(w.getArray().toFloatArray()).containsExactly(1f, 2f);
                assertThat(b.getArray().toFloatArray()).containsExactly(0f);
                sgd.zeroGradients(List.of(w, b));
            }
        }
    }

    @Test
    void threeSkippedStepsInARowStopTheSearchAndAFiniteOneResetsTheCount() {
        NonFiniteSteps guard = new NonFiniteSteps("FAD search");
        guard.check(0, Float.NaN, 0.01f, "weight 1.0");
        guard.check(1, Float.NaN, 0.01f, "weight 1.0");
        guard.check(2, 3f, 0.01f, "weight 1.0");
        guard.check(3, Float.POSITIVE_INFINITY, 0.01f, "weight 1.0");
        guard.check(4, Float.NaN, 0.01f, "weight 1.0");
        assertThatThrownBy(() -> guard.check(5, Float.NaN, 0.01f, "weight 1.0"))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("FAD search stopped at iteration 5")
                .hasMessageContaining("3 steps in a row")
                .satisfies(e -> assertThat(((NonFiniteLossException) e).iteration()).isEqualTo(5));
    }

    @Test
    void normShiftsAreBiasesAsThePyTorchNamesMakeThemInTheRelease() {
        assertThat(BilevelSearch.isBias(Parameter.builder().setName("b").setType(Parameter.Type.BIAS).build())).isTrue();
        assertThat(BilevelSearch.isBias(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build())).isTrue();
        assertThat(BilevelSearch.isBias(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build())).isFalse();
        assertThat(BilevelSearch.isBias(Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build())).isFalse();
    }
}
