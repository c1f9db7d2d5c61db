package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.nas4det.core.nn.resnet.ResNetBody;
import org.nas4det.core.nn.resnet.ResNets;

class ResNetForwardTest {

    @Test
    void resnet18BodyRunsOfflineAndReturnsC2ToC5WithDeclaredChannelsAndStrides() {
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetBody body = ResNets.body(18);
            Shape in = new Shape(2, 3, 64, 96);
            body.initialize(m, DataType.FLOAT32, in);
            NDList out = body.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false);
            Shape[] declared = body.getOutputShapes(new Shape[] {in});
            assertThat(out).hasSize(4);
            for (int i = 0; i < 4; i++) {
                Shape s = out.get(i).getShape();
                assertThat(s).isEqualTo(declared[i]);
                assertThat(s.get(1)).isEqualTo((long) body.outputChannels().get(i));
                assertThat(s.get(2)).isEqualTo(64L / body.outputStrides().get(i));
                assertThat(s.get(3)).isEqualTo(96L / body.outputStrides().get(i));
            }
            assertThat(body.outputChannels()).containsExactly(64, 128, 256, 512);
        }
    }

    @Test
    void bottleneckBodyCanReturnOnlyC3ToC5() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetBody body = ResNets.body(50, 3, 4, 5);
            Shape in = new Shape(1, 3, 64, 64);
            body.initialize(m, DataType.FLOAT32, in);
            NDList out = body.forward(new ParameterStore(m, false), new NDList(m.ones(in)), false);
            assertThat(out).hasSize(3);
            assertThat(body.outputChannels()).containsExactly(512, 1024, 2048);
            assertThat(body.outputStrides()).containsExactly(8, 16, 32);
            assertThat(out.get(2).getShape()).isEqualTo(new Shape(1, 2048, 2, 2));
        }
    }

    @Test
    void groupNormMatchesItsDefinition() {
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = new GroupNorm(2, 4);
            Shape in = new Shape(1, 4, 1, 2);
            gn.initialize(m, DataType.FLOAT32, in);
            float[] x = {1, 3, 5, 7, 0, 0, 2, 2};
            NDList out =
                    gn.forward(new ParameterStore(m, false), new NDList(m.create(x, in)), false);
            float[] y = out.singletonOrThrow().toFloatArray();
            // group 1 = {1,3,5,7}: mean 4, var 5; group 2 = {0,0,2,2}: mean 1, var 1
            double s1 = Math.sqrt(5 + 1e-5);
            double s2 = Math.sqrt(1 + 1e-5);
            double[] expected = {-3 / s1, -1 / s1, 1 / s1, 3 / s1, -1 / s2, -1 / s2, 1 / s2, 1 / s2};
            for (int i = 0; i < 8; i++) {
                assertThat((double) y[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }
}
