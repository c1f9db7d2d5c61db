package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedBackboneTest {

    /** An optional stem and two stages of conv + BN + ReLU. */
    private static final class Tiny extends StagedBackbone {
        Tiny(boolean channelsLast, boolean stem) {
            super(parts(channelsLast, stem));
        }

        private static Parts parts(boolean channelsLast, boolean stem) {
            Parts p = StagedBackbone.parts();
            if (stem) {
                p.stem(ConvBnAct.builder().setChannels(4).setKernel(3).optStride(2).build());
            }
            p.stage(ConvBnAct.builder().setChannels(6).setKernel(3).optStride(2).build(), 6, 4)
                    .stage(ConvBnAct.builder().setChannels(8).setKernel(1).build(), 8, 4)
                    .select(List.of(0, 1));
            return channelsLast ? p.channelsLast() : p;
        }
    }

    @Test
    void channelsLastGivesTheSameOutputsStoredChannelsLast() {
        compareFormats(true);
    }

    @Test
    void channelsLastWithoutAStemAsMaeDetsBackbone() {
        compareFormats(false);
    }

    private static void compareFormats(boolean stem) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 16, 16);
            Engine.getInstance().setRandomSeed(7);
            Tiny plain = new Tiny(false, stem);
            plain.initialize(m, DataType.FLOAT32, in);
            Engine.getInstance().setRandomSeed(7);
            Tiny cl = new Tiny(true, stem);
            cl.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomNormal(in);
            for (boolean training : new boolean[] {false, true}) {
                NDList a = plain.forward(new ParameterStore(m, false), new NDList(x), training);
                NDList b = cl.forward(new ParameterStore(m, false), new NDList(x), training);
                assertThat(b).hasSize(2);
                for (int k = 0; k < 2; k++) {
                    assertThat(b.get(k).getShape()).isEqualTo(a.get(k).getShape());
                    float[] want = a.get(k).toFloatArray();
                    float[] got = b.get(k).toFloatArray();
                    for (int i = 0; i < want.length; i++) {
                        assertThat(got[i]).as("output %d element %d", k, i).isCloseTo(want[i], offset(1e-4f));
                    }
                    // Each output is stored channels-last: its stored-order flattening is a view.
                    float sum = b.get(k).sum().getFloat();
                    ChannelsLast.flattenStored(b.get(k)).muli(2);
                    assertThat(b.get(k).sum().getFloat()).isCloseTo(2 * sum, offset(1e-3f * Math.max(1, Math.abs(sum))));
                }
            }
        }
    }
}
