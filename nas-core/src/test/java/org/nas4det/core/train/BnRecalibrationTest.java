package org.nas4det.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.core.nn.BatchNorm2d;
import org.nas4det.core.nn.ConvBnAct;

class BnRecalibrationTest {

    @Test
    void statisticsAreTheExactPooledAverageOverTheImagesAndCanBeRestored() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            ConvBnAct first = ConvBnAct.builder().setChannels(4).setKernel(3).build();
            ConvBnAct second = ConvBnAct.builder().setChannels(5).setKernel(3).build();
            SequentialBlock net = new SequentialBlock().add(first).add(second);
            net.initialize(m, DataType.FLOAT32, new Shape(4, 3, 6, 6));
            List<BatchNorm2d> bns = BnRecalibration.layers(net);
            assertThat(bns).hasSize(2);
            float[] secondMeanBefore = bns.get(1).runningMean().getArray().toFloatArray();
            float[] firstMeanBefore = bns.get(0).runningMean().getArray().toFloatArray();

            List<NDArray> batches = List.of(m.randomNormal(new Shape(4, 3, 6, 6)).add(2f),
                    m.randomNormal(new Shape(4, 3, 6, 6)).mul(3f), m.randomNormal(new Shape(4, 3, 6, 6)));
            BnRecalibration.Snapshot saved = BnRecalibration.snapshot(net);
            int n = BnRecalibration.recalibrate(net, (ps, x) -> net.forward(ps, new NDList(x), true),
                    batches, 10, bn -> bn == bns.get(0));
            assertThat(n).isEqualTo(1);

            // The first BN sees conv(x): its exact statistics over the 10 images, one big batch.
            NDArray all = NDArrays.concat(new NDList(batches.get(0), batches.get(1), batches.get(2).get("0:2")));
            NDArray conv = first.conv().forward(new ParameterStore(m, false), new NDList(all), false).head();
            NDArray perChannel = conv.transpose(1, 0, 2, 3).reshape(4, -1);
            float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
            long count = perChannel.getShape().get(1);
            float[] var = perChannel.sub(perChannel.mean(new int[] {1}, true)).square().sum(new int[] {1})
                    .div(count - 1).toFloatArray();
            float[] gotMean = bns.get(0).runningMean().getArray().toFloatArray();
            float[] gotVar = bns.get(0).runningVar().getArray().toFloatArray();
            for (int c = 0; c < 4; c++) {
                assertThat(gotMean[c]).isCloseTo(mean[c], offset(1e-4f * Math.max(1, Math.abs(mean[c]))));
                assertThat(gotVar[c]).isCloseTo(var[c], offset(1e-4f * var[c]));
            }
            // The unselected layer ran (in training mode) but kept its statistics to the bit.
            assertThat(bns.get(1).runningMean().getArray().toFloatArray()).containsExactly(secondMeanBefore);
            // Momentum is back to PyTorch's default.
            assertThat(bns.get(0).momentum()).isEqualTo(0.1f);

            saved.close();
            assertThat(bns.get(0).runningMean().getArray().toFloatArray()).containsExactly(firstMeanBefore);
        }
    }
}
