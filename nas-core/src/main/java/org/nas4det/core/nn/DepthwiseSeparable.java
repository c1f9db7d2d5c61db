package org.nas4det.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * Depthwise-separable convolution: a k×k depthwise conv-BN (optionally dilated, strided, with an
 * activation) followed by a 1×1 pointwise conv-BN-activation.
 *
 * <pre>{@code Block b = new DepthwiseSeparable(64, 128, 3, 1, 1, Act.Kind.RELU);}</pre>
 */
public final class DepthwiseSeparable extends AbstractBlock implements CostAware {

    private final ConvBnAct depthwise;
    private final ConvBnAct pointwise;

    /**
     * Creates the block.
     *
     * @param inChannels input channels (the depthwise groups)
     * @param outChannels output channels
     * @param kernel depthwise kernel size
     * @param stride depthwise stride
     * @param dilation depthwise dilation
     * @param activation activation after the pointwise conv (and none after the depthwise), or null
     */
    public DepthwiseSeparable(int inChannels, int outChannels, int kernel, int stride, int dilation, Act.Kind activation) {
        depthwise = addChildBlock("depthwise", ConvBnAct.builder().setChannels(inChannels).setKernel(kernel)
                .optStride(stride).optDilation(dilation).optGroups(inChannels).optActivation(null).build());
        pointwise = addChildBlock("pointwise", ConvBnAct.builder().setChannels(outChannels).setKernel(1)
                .optActivation(activation).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return pointwise.forward(ps, depthwise.forward(ps, inputs, training, params), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return pointwise.getOutputShapes(depthwise.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        depthwise.initialize(manager, dataType, inputShapes);
        pointwise.initialize(manager, dataType, depthwise.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        return counter.visit("pointwise", pointwise, counter.visit("depthwise", depthwise, inputs));
    }
}
