package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The FPN's top-down ×2 nearest upsampling, by hand. */
class FpnUpsampleTest {

    @Test
    void copiesEachValueIntoItsTwoByTwoBlockCropsToTheTargetAndSumsTheBlockBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            x.setRequiresGradient(true);
            NDArray weights = m.arange(1f, 16f).reshape(1, 1, 3, 5);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray up = Fpn.upsampleTo(x, new Shape(1, 1, 3, 5)); // 4 x 6 cropped to 3 x 5
                assertThat(up.getShape()).isEqualTo(new Shape(1, 1, 3, 5));
                assertThat(up.toFloatArray()).containsExactly(
                        1, 1, 2, 2, 3,
                        1, 1, 2, 2, 3,
                        4, 4, 5, 5, 6);
                gc.backward(up.mul(weights).sum());
            }
            // each input receives the weights of the kept cells of its block
            assertThat(x.getGradient().toFloatArray()).containsExactly(
                    1 + 2 + 6 + 7, 3 + 4 + 8 + 9, 5 + 10,
                    11 + 12, 13 + 14, 15);
        }
    }
}
