package org.nas4det.core.nn.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.Act;
import org.nas4det.core.nn.ConvBnAct;

/**
 * A residual unit: {@code relu(main(x) + shortcut(x))}, the main branch a chain of conv-BN(-act)
 * blocks, the shortcut a chain of blocks (identity when empty). ResNet's units (torchvision layout,
 * stride on the 3x3 conv, "v1.5") project with a strided 1x1 conv + BN when the shape changes;
 * other families (TinyNAS) average-pool, then project.
 *
 * <pre>{@code Block u = ResidualUnit.bottleneck(256, 128, 2);}</pre>
 */
public final class ResidualUnit extends AbstractBlock implements CostAware {

    /** Bottleneck output channels are this multiple of the unit's width. */
    public static final int BOTTLENECK_EXPANSION = 4;

    private final List<Block> main = new ArrayList<>();
    private final SequentialBlock shortcut;
    private final Act act = Act.relu();
    private final int outChannels;

    private ResidualUnit(List<? extends Block> convs, List<? extends Block> shortcutBlocks, int outChannels) {
        for (int i = 0; i < convs.size(); i++) {
            main.add(addChildBlock("conv" + (i + 1), convs.get(i)));
        }
        this.outChannels = outChannels;
        if (shortcutBlocks.isEmpty()) {
            shortcut = null;
        } else {
            SequentialBlock s = new SequentialBlock();
            shortcutBlocks.forEach(s::add);
            shortcut = addChildBlock("shortcut", s);
        }
    }

    /**
     * A unit of any shape.
     *
     * @param main the main-branch blocks, in order
     * @param shortcut the shortcut blocks, in order; empty for identity
     * @param outChannels the output channels
     * @return the unit
     */
    public static ResidualUnit of(List<? extends Block> main, List<? extends Block> shortcut, int outChannels) {
        return new ResidualUnit(main, shortcut, outChannels);
    }

    /** ResNet's projection: a strided 1x1 conv + BN when stride or channels change. */
    private static List<Block> projection(int inChannels, int outChannels, int stride) {
        if (stride == 1 && inChannels == outChannels) {
            return List.of();
        }
        return List.of(ConvBnAct.builder().setChannels(outChannels).setKernel(1).optStride(stride).optActivation(null).build());
    }

    /**
     * A basic unit: 3x3 (stride) + 3x3.
     *
     * @param inChannels input channels
     * @param width output channels
     * @param stride stride of the first conv
     * @return the unit
     */
    public static ResidualUnit basic(int inChannels, int width, int stride) {
        List<ConvBnAct> convs = new ArrayList<>();
        convs.add(ConvBnAct.builder().setChannels(width).setKernel(3).optStride(stride).build());
        convs.add(ConvBnAct.builder().setChannels(width).setKernel(3).optActivation(null).build());
        return new ResidualUnit(convs, projection(inChannels, width, stride), width);
    }

    /**
     * A bottleneck unit: 1x1 + 3x3 (stride, groups) + 1x1 to {@code expansion × width}.
     *
     * @param inChannels input channels
     * @param width inner channels
     * @param stride stride of the 3x3 conv
     * @param groups groups of the 3x3 conv (32 for ResNeXt-32x4d)
     * @param expansion output channels over width
     * @return the unit
     */
    public static ResidualUnit bottleneck(
            int inChannels, int width, int stride, int groups, int expansion) {
        List<ConvBnAct> convs = new ArrayList<>();
        convs.add(ConvBnAct.builder().setChannels(width).setKernel(1).build());
        convs.add(
                ConvBnAct.builder()
                        .setChannels(width)
                        .setKernel(3)
                        .optStride(stride)
                        .optGroups(groups)
                        .build());
        int out = width * expansion;
        convs.add(ConvBnAct.builder().setChannels(out).setKernel(1).optActivation(null).build());
        return new ResidualUnit(convs, projection(inChannels, out, stride), out);
    }

    /**
     * A standard bottleneck unit (groups 1, expansion 4).
     *
     * @param inChannels input channels
     * @param width inner channels
     * @param stride stride of the 3x3 conv
     * @return the unit
     */
    public static ResidualUnit bottleneck(int inChannels, int width, int stride) {
        return bottleneck(inChannels, width, stride, 1, BOTTLENECK_EXPANSION);
    }

    /** @return output channels */
    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block b : main) {
            x = b.forward(ps, x, training, params);
        }
        NDArray identity =
                shortcut == null
                        ? inputs.singletonOrThrow()
                        : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(act.apply(x.singletonOrThrow().add(identity)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : main) {
            s = b.getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : main) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(s);
        }
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] s = inputs;
        int i = 1;
        for (Block b : main) {
            s = counter.visit("conv" + i++, b, s);
        }
        if (shortcut != null) {
            counter.visit("shortcut", shortcut, inputs);
        }
        counter.addActivation(s[0].size());
        return s;
    }
}
