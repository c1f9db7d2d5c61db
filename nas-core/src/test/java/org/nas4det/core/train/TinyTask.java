package org.nas4det.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import java.util.Map;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.GlobalAvgPool;

/** A tiny learnable classification task: the label is the channel with the largest mean. */
final class TinyTask {

    static SequentialBlock net() {
        return new SequentialBlock()
                .add(ConvBnAct.builder().setChannels(6).setKernel(3).build())
                .add(new GlobalAvgPool())
                .add(Linear.builder().setUnits(3).build());
    }

    static BatchSource data(int batch) {
        return new BatchSource() {
            @Override
            public NDList[] batch(NDManager m, int iteration) {
                // The loop seeds the engine per step, so this is a function of the iteration.
                NDArray x = m.randomNormal(new Shape(batch, 3, 8, 8));
                NDArray y = x.reshape(batch, 3, -1).mean(new int[] {2}).argMax(1).toType(DataType.FLOAT32, false);
                return new NDList[] {new NDList(x), new NDList(y)};
            }

            @Override
            public int batchSize() {
                return batch;
            }
        };
    }

    static TrainingLoop.Objective objective(SequentialBlock net) {
        Loss ce = Loss.softmaxCrossEntropyLoss();
        return (ps, data, labels) -> Map.of("loss_ce", ce.evaluate(labels, net.forward(ps, data, true)));
    }

    private TinyTask() {}
}
