package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nas4det.core.nn.ChannelShuffle;

class ShuffleBlockTest {

    @Test
    void splitByViewsGivesTheSlicedBlocksOutputAndInputGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            Shape in = new Shape(2, 16, 6, 6);
            ShuffleBlock block = new ShuffleBlock(Choice.SHUFFLE_5X5, 16, 16, 1, BlockConvention.MMRAZOR);
            block.initialize(m, DataType.FLOAT32, in);
            Block branch = block.getChildren().get(0).getValue(); // a stride-1 block has only its branch
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(in);
            NDArray u = m.randomNormal(in);
            float[][] views = outputAndGradient(x, u, xx -> block.forward(ps, new NDList(xx), true).head());
            // The former implementation: two index slices, the branch on the second, concat, shuffle.
            float[][] slices = outputAndGradient(x, u, xx -> {
                NDArray joined = NDArrays.concat(new NDList(xx.get(new NDIndex(":, :8")),
                        branch.forward(ps, new NDList(xx.get(new NDIndex(":, 8:"))), true).head()), 1);
                return new ChannelShuffle(2).forward(ps, new NDList(joined), true).head();
            });
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < views[k].length; i++) {
                    assertThat(views[k][i]).as("array %d element %d", k, i).isCloseTo(slices[k][i], offset(1e-5f));
                }
            }
            // The first half passes through: output channel 0 is input channel 0.
            assertThat(views[0][0]).isEqualTo(x.toFloatArray()[0]);
        }
    }

    private static float[][] outputAndGradient(NDArray x0, NDArray u, UnaryOperator<NDArray> f) {
        NDArray x = x0.duplicate();
        x.setRequiresGradient(true);
        float[] y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = f.apply(x);
            y = out.toFloatArray();
            gc.backward(out.mul(u).sum());
        }
        return new float[][] {y, x.getGradient().toFloatArray()};
    }
}
