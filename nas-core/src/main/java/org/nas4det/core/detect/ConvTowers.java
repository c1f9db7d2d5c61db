package org.nas4det.core.detect;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.Act;
import org.nas4det.core.nn.GroupNorm;
import org.nas4det.core.nn.TorchInitializers;

/**
 * Two parallel towers of {@code depth} × (3×3 conv with bias, optional GroupNorm, ReLU): FCOS
 * (with GroupNorm(32)) and RetinaNet (without) heads. Conv weights N(0, 0.01), zero biases.
 *
 * <pre>{@code HeadTowers t = ConvTowers.fcos(256, 4);}</pre>
 */
public final class ConvTowers extends AbstractBlock implements HeadTowers, CostAware {

    private final SequentialBlock cls;
    private final SequentialBlock reg;
    private final int channels;

    private ConvTowers(int channels, int depth, int gnGroups) {
        this.channels = channels;
        cls = addChildBlock("cls_tower", tower(channels, depth, gnGroups));
        reg = addChildBlock("bbox_tower", tower(channels, depth, gnGroups));
        setInitializer(TorchInitializers.normal(0.01), Parameter.Type.WEIGHT);
        setInitializer(TorchInitializers.constant(0), Parameter.Type.BIAS);
    }

    /**
     * FCOS towers: conv-GN(32)-ReLU.
     *
     * @param channels tower width (the FPN's)
     * @param depth convs per tower (4)
     * @return the towers
     */
    public static ConvTowers fcos(int channels, int depth) {
        return new ConvTowers(channels, depth, Math.min(32, channels));
    }

    /**
     * RetinaNet towers: conv-ReLU.
     *
     * @param channels tower width
     * @param depth convs per tower (4)
     * @return the towers
     */
    public static ConvTowers retinanet(int channels, int depth) {
        return new ConvTowers(channels, depth, 0);
    }

    private static SequentialBlock tower(int channels, int depth, int gnGroups) {
        SequentialBlock t = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            t.add(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build());
            if (gnGroups > 0) {
                t.add(new GroupNorm(gnGroups, channels));
            }
            t.add(Act.relu());
        }
        return t;
    }

    @Override
    public int outChannels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(
                cls.forward(ps, inputs, training, params).head(),
                reg.forward(ps, inputs, training, params).head());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = cls.getOutputShapes(inputShapes)[0];
        return new Shape[] {s, s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        cls.initialize(manager, dataType, inputShapes);
        reg.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape a = counter.visit("cls_tower", cls, inputs)[0];
        Shape b = counter.visit("bbox_tower", reg, inputs)[0];
        return new Shape[] {a, b};
    }

    /** @return the classification tower */
    public Block clsTower() {
        return cls;
    }
}
