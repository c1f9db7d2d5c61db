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
 * channel {@code i·c + j} moves to position {@code j·g + i}. The output is stored channels-last
 * ({@link ChannelsLast}), whatever the input's format.
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
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        // Shuffled in (N, H, W, C) order: a view of a channels-last input, whose format the one
        // copy keeps (shuffling the (N, C, H, W) view would copy it back to the default format).
        try (NDArray nhwc = x.transpose(0, 2, 3, 1);
                NDArray split = nhwc.reshape(n, h, w, groups, c / groups);
                NDArray swapped = split.swapAxes(3, 4);
                NDArray shuffled = swapped.reshape(n, h, w, c)) {
            return new NDList(shuffled.transpose(0, 3, 1, 2));
        }
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
