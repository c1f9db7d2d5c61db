package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

    @Test
    void keepsShapeAndValuesInTheirLogicalOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 4 * 5f).reshape(2, 3, 4, 5);
            NDArray cl = ChannelsLast.of(x);
            assertThat(cl.getShape()).isEqualTo(x.getShape());
            assertThat(cl.toFloatArray()).containsExactly(x.toFloatArray());
            // Its stored order is (N, H, W, C): the flattened values are the NHWC transpose's.
            assertThat(ChannelsLast.flattenStored(cl).toFloatArray())
                    .containsExactly(x.transpose(0, 2, 3, 1).flatten().toFloatArray());
        }
    }

    @Test
    void flattenStoredIsAViewOfAChannelsLastArray() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray cl = ChannelsLast.of(m.ones(new Shape(1, 2, 3, 3)));
            ChannelsLast.flattenStored(cl).muli(5);
            // No copy was made: the write went to the array itself.
            assertThat(cl.sum().getFloat()).isEqualTo(90f);
            // On an array in the default format it is a copy, with the same values in NHWC order.
            NDArray plain = m.ones(new Shape(1, 2, 3, 3));
            ChannelsLast.flattenStored(plain).muli(5);
            assertThat(plain.sum().getFloat()).isEqualTo(18f);
        }
    }

    @Test
    void aConvolutionOfAChannelsLastInputIsChannelsLastAndEqual() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(2, 6, 9, 7));
            NDArray w = m.randomNormal(new Shape(8, 6, 3, 3));
            NDArray plain = Conv2d.conv2d(x, w, null, new Shape(2, 2), new Shape(1, 1)).head();
            NDArray cl = Conv2d.conv2d(ChannelsLast.of(x), w, null, new Shape(2, 2), new Shape(1, 1)).head();
            assertThat(cl.getShape()).isEqualTo(plain.getShape());
            float[] a = plain.toFloatArray();
            float[] b = cl.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).as("element %d", i).isCloseTo(a[i], offset(1e-4f));
            }
            // The output kept the format: its stored-order flattening is a view.
            float before = cl.sum().getFloat();
            ChannelsLast.flattenStored(cl).muli(2);
            assertThat(cl.sum().getFloat()).isCloseTo(2 * before, offset(1e-2f));
        }
    }

    @Test
    void anArrayAlreadyChannelsLastStaysSoWithItsValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 4 * 5f).reshape(2, 3, 4, 5);
            NDArray twice = ChannelsLast.of(ChannelsLast.of(x));
            assertThat(twice.toFloatArray()).containsExactly(x.toFloatArray());
            float sum = twice.sum().getFloat();
            ChannelsLast.flattenStored(twice).muli(2);
            assertThat(twice.sum().getFloat()).isEqualTo(2 * sum);
        }
    }

    @Test
    void toDefaultCopiesAChannelsLastArrayBackAndKeepsItsValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 4 * 5f).reshape(2, 3, 4, 5);
            NDArray back = ChannelsLast.toDefault(ChannelsLast.of(x));
            assertThat(back.getShape()).isEqualTo(x.getShape());
            assertThat(back.toFloatArray()).containsExactly(x.toFloatArray());
            // Stored (N, C, H, W) again: its (N, C·H·W) flattening is a view, and its stored-order
            // (NHWC) flattening is not.
            float sum = back.sum().getFloat();
            back.reshape(2, -1).muli(2);
            assertThat(back.sum().getFloat()).isEqualTo(2 * sum);
            ChannelsLast.flattenStored(back).muli(5);
            assertThat(back.sum().getFloat()).isEqualTo(2 * sum);
        }
    }

    @Test
    void toDefaultKeepsAnEmptyBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(ChannelsLast.toDefault(m.zeros(new Shape(0, 3, 4, 5))).getShape()).isEqualTo(new Shape(0, 3, 4, 5));
        }
    }

    @Test
    void paysOnCpuWhereItWasMeasured() {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            assertThat(ChannelsLast.pays(m.ones(new Shape(1, 2, 3, 3)))).isTrue();
        }
    }

    @Test
    void refusesAnArrayThatIsNotFourDimensional() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> ChannelsLast.of(m.ones(new Shape(2, 3))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(N, C, H, W)");
        }
    }
}
