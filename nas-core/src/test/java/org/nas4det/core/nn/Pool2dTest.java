package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class Pool2dTest {

    /** Pooling a channels-last copy changes no bit and returns the default format. */
    @Test
    void maxPoolingComputedChannelsLastIsTheSameBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            // After a ReLU, as in ResNet's stem (64 channels: the vectorised kernels), and rounded
            // to small integers: many tied windows, of zeros and of equal positive values.
            NDArray x = m.randomNormal(new Shape(2, 64, 13, 12)).mul(3).round().maximum(0f);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray plain = Pool2d.max(3, 2, 1).forward(ps, new NDList(x), false).head();
            NDArray y = Pool2d.max(3, 2, 1).computedChannelsLast().forward(ps, new NDList(x), false).head();
            assertThat(y.getShape()).isEqualTo(plain.getShape());
            assertThat(y.toFloatArray()).containsExactly(plain.toFloatArray());
            // Stored (N, C, H, W): its (N, C·H·W) flattening is a view, so a write through it shows.
            float sum = y.sum().getFloat();
            y.reshape(2, -1).muli(2);
            assertThat(y.sum().getFloat()).isEqualTo(2 * sum);
            // Training pools as before.
            NDArray trained = Pool2d.max(3, 2, 1).computedChannelsLast().forward(ps, new NDList(x), true).head();
            assertThat(trained.toFloatArray()).containsExactly(plain.toFloatArray());
        }
    }

    @Test
    void ceilModeKeepsTheChannelsLastChoiceAndTheShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 7 * 7f).reshape(2, 3, 7, 7);
            Pool2d pool = Pool2d.max(2, 2, 0).computedChannelsLast().ceil();
            NDArray y = pool.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 4, 4)).isEqualTo(pool.getOutputShapes(new Shape[] {x.getShape()})[0]);
            NDArray plain = Pool2d.max(2, 2, 0).ceil().forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(y.toFloatArray()).containsExactly(plain.toFloatArray());
        }
    }

    @Test
    void averagePoolingIsNotComputedChannelsLast() {
        assertThatThrownBy(() -> Pool2d.avg(2, 2, 0).computedChannelsLast())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only max pooling");
    }
}
