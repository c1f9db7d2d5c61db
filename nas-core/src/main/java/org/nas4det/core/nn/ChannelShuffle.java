package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * ShuffleNet's channel shuffle: {@code (N, g·c, H, W) → (N, c, g, H, W)ᵀ → (N, g·c, H, W)}, so
 * channel {@code i·c + j} moves to position {@code j·g + i}.
 *
 * <pre>{@code Block shuffle = new ChannelShuffle(2);}</pre>
 */
public final class ChannelShuffle extends AbstractBlock implements CostAware {

    private final int groups;

    /**
     * Creates the block.
     *
     * @param groups the number of groups
     */
    public ChannelShuffle(int groups) {
        this.groups = groups;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long c = s.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException(c + " channels do not split into " + groups + " groups");
        }
        return new NDList(x.reshape(s.get(0), groups, c / groups, s.get(2), s.get(3))
                .swapAxes(1, 2)
                .reshape(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        return inputs;
    }
}
