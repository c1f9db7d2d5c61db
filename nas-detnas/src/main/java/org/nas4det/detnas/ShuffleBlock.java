package org.nas4det.detnas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.Act;
import org.nas4det.core.nn.ChannelShuffle;
import org.nas4det.core.nn.ConvBnAct;

/**
 * One ShuffleNetV2 choice block. Stride 1: the first half of the channels passes through, the
 * second half goes through the branch, then concat and a 2-group channel shuffle. Stride 2: a
 * projection branch (k×k depthwise stride 2 + BN, 1×1 + BN + ReLU) and the main branch both read
 * the whole input; concat, shuffle. Branches: shuffle_k = 1×1-BN-ReLU, k×k depthwise-BN, 1×1-BN-ReLU;
 * Xception = three (3×3 depthwise-BN, 1×1-BN-ReLU), the first depthwise carrying the stride.
 *
 * <pre>{@code Block b = new ShuffleBlock(Choice.SHUFFLE_5X5, 64, 160, 2, BlockConvention.MMRAZOR);}</pre>
 */
public final class ShuffleBlock extends AbstractBlock implements CostAware {

    private final int stride;
    private final SequentialBlock projection;
    private final SequentialBlock main;
    private final ChannelShuffle shuffle = new ChannelShuffle(2);

    /**
     * Creates a block.
     *
     * @param choice the choice
     * @param in input channels
     * @param out output channels (the stage width)
     * @param stride 1 (in = out) or 2
     * @param convention the stride-2 channel split
     */
    public ShuffleBlock(Choice choice, int in, int out, int stride, BlockConvention convention) {
        this.stride = stride;
        int mid = out / 2;
        if (stride == 1) {
            if (in != out) {
                throw new IllegalArgumentException("a stride-1 shuffle block keeps its width, got " + in + " -> " + out);
            }
            projection = null;
            main = addChildBlock("branch", branch(choice, mid, mid, mid, 1));
        } else {
            int projOut = convention == BlockConvention.OFFICIAL ? in : mid;
            int mainOut = out - projOut;
            projection = addChildBlock("proj", new SequentialBlock()
                    .add(depthwise(in, choice.kernel(), 2))
                    .add(pointwise(projOut)));
            main = addChildBlock("branch", branch(choice, in, mid, mainOut, 2));
        }
    }

    private static ConvBnAct depthwise(int channels, int k, int stride) {
        // Every shuffle block runs on the channels-last path of the DetNAS backbones.
        return ConvBnAct.builder().setChannels(channels).setKernel(k).optStride(stride).optGroups(channels).optActivation(null)
                .optChannelsLastInput(true).build();
    }

    private static ConvBnAct pointwise(int out) {
        return ConvBnAct.builder().setChannels(out).setKernel(1).optActivation(Act.Kind.RELU).optChannelsLastInput(true).build();
    }

    private static SequentialBlock branch(Choice c, int in, int mid, int out, int stride) {
        SequentialBlock b = new SequentialBlock();
        if (c == Choice.SHUFFLE_XCEPTION) {
            b.add(depthwise(in, 3, stride)).add(pointwise(mid));
            b.add(depthwise(mid, 3, 1)).add(pointwise(mid));
            b.add(depthwise(mid, 3, 1)).add(pointwise(out));
        } else {
            b.add(pointwise(mid)).add(depthwise(mid, c.kernel(), stride)).add(pointwise(out));
        }
        return b;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray joined;
        if (stride == 1) {
            // Two views of the halves (torch's split), whose backward writes both gradients with
            // one concatenation; two index slices each allocated and filled a full-size gradient.
            NDList halves = x.split(2, 1);
            joined = NDArrays.concat(new NDList(halves.get(0), main.forward(ps, new NDList(halves.get(1)), training, params).head()), 1);
        } else {
            joined = NDArrays.concat(new NDList(
                    projection.forward(ps, inputs, training, params).head(),
                    main.forward(ps, inputs, training, params).head()), 1);
        }
        return shuffle.forward(ps, new NDList(joined), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (stride == 1) {
            return inputShapes;
        }
        Shape p = projection.getOutputShapes(inputShapes)[0];
        Shape m = main.getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(in.get(0), p.get(1) + m.get(1), p.get(2), p.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (stride == 1) {
            main.initialize(manager, dataType, new Shape(in.get(0), in.get(1) / 2, in.get(2), in.get(3)));
        } else {
            projection.initialize(manager, dataType, inputShapes);
            main.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape in = inputs[0];
        if (stride == 1) {
            counter.visit("branch", main, new Shape(in.get(0), in.get(1) / 2, in.get(2), in.get(3)));
            return inputs;
        }
        counter.visit("proj", projection, inputs);
        counter.visit("branch", main, inputs);
        return getOutputShapes(inputs);
    }
}
