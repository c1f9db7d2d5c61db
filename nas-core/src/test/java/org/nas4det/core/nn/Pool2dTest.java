package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class Pool2dTest {

    /** Pooling a channels-last copy changes no bit, forward or backward, and returns the default format. */
    @Test
    void maxPoolingComputedChannelsLastIsTheSameBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            // After a ReLU, as in ResNet's stem: many zeros, so many tied windows.
            NDArray x = m.randomNormal(new Shape(2, 5, 11, 12)).maximum(0f);
            float[][] plain = poolAndGradient(Pool2d.max(3, 2, 1), x);
            float[][] cl = poolAndGradient(Pool2d.max(3, 2, 1).computedChannelsLast(), x);
            assertThat(cl[0]).containsExactly(plain[0]);
            assertThat(cl[1]).containsExactly(plain[1]);
            // Stored (N, C, H, W): its (N, C·H·W) flattening is a view, so a write through it shows.
            NDArray y = Pool2d.max(3, 2, 1).computedChannelsLast().forward(new ParameterStore(m, false), new NDList(x), false).head();
            float sum = y.sum().getFloat();
            y.reshape(2, -1).muli(2);
            assertThat(y.sum().getFloat()).isEqualTo(2 * sum);
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

    private static float[][] poolAndGradient(Pool2d pool, NDArray input) {
        try (NDManager step = input.getManager().newSubManager()) {
            pool.initialize(step, DataType.FLOAT32, input.getShape());
            NDArray x = input.duplicate();
            x.attach(step);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = pool.forward(new ParameterStore(step, false), new NDList(x), true).head();
                // Weighted, so that every output's gradient differs.
                gc.backward(y.mul(step.arange((float) y.size()).reshape(y.getShape())).sum());
                return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray()};
            }
        }
    }
}
