package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ChannelShuffleTest {

    @Test
    void movesChannelIcPlusJToJgPlusIAndStoresChannelsLast() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 2 samples, 6 channels (g = 3 groups of c = 2), 2x2: every value names its place.
            NDArray x = m.arange(2 * 6 * 2 * 2f).reshape(2, 6, 2, 2);
            for (NDArray in : new NDArray[] {x, ChannelsLast.of(x)}) {
                NDArray y = new ChannelShuffle(3).forward(new ParameterStore(m, false), new NDList(in), false).head();
                assertThat(y.getShape()).isEqualTo(x.getShape());
                for (int n = 0; n < 2; n++) {
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 2; j++) {
                            assertThat(y.get(n, j * 3 + i).toFloatArray()).as("sample %d, channel %d", n, i * 2 + j)
                                    .containsExactly(x.get(n, i * 2 + j).toFloatArray());
                        }
                    }
                }
                // Stored channels-last: its stored-order flattening is a view.
                float sum = y.sum().getFloat();
                ChannelsLast.flattenStored(y).muli(2);
                assertThat(y.sum().getFloat()).isEqualTo(2 * sum);
            }
        }
    }
}
