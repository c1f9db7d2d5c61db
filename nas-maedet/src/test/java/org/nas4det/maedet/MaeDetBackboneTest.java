package org.nas4det.maedet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.nas4det.core.nn.ChannelsLast;

class MaeDetBackboneTest {

    @Test
    void runsChannelsLastAndReturnsC3ToC5() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            MaeDetBackbone b = MaeDetBackbone.of(MaeDetSpace.floor());
            Shape in = new Shape(2, 3, 64, 64);
            b.initialize(m, DataType.FLOAT32, in);
            NDList out = b.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), true);
            assertThat(out).hasSize(3);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 64, 8, 8));
            assertThat(out.get(2).getShape()).isEqualTo(new Shape(2, 256, 2, 2));
            // Stored channels-last (its speed: BENCHMARKS.md, session 8): the stored-order flattening is a view.
            for (NDArray c : out) {
                float sum = c.abs().sum().getFloat();
                ChannelsLast.flattenStored(c).muli(2);
                assertThat(sum).isPositive();
                assertThat(c.abs().sum().getFloat()).isEqualTo(2 * sum);
            }
        }
    }
}
