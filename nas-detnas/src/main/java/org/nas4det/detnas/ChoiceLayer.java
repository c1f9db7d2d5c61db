package org.nas4det.detnas;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * One block position of the supernet: the four candidate blocks, each with its own weights and
 * BN, of which exactly one (the active choice) runs.
 *
 * <pre>{@code layer.activate(Choice.SHUFFLE_7X7);}</pre>
 */
final class ChoiceLayer extends AbstractBlock implements CostAware {

    private final List<ShuffleBlock> candidates = new ArrayList<>();
    private int active;

    ChoiceLayer(int in, int out, int stride, BlockConvention convention) {
        for (Choice c : Choice.values()) {
            candidates.add(addChildBlock(c.mmrazorName(), new ShuffleBlock(c, in, out, stride, convention)));
        }
    }

    void activate(Choice c) {
        active = c.ordinal();
    }

    Block candidate(Choice c) {
        return candidates.get(c.ordinal());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return candidates.get(active).forward(ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return candidates.get(0).getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (ShuffleBlock b : candidates) {
            b.initialize(manager, dataType, inputShapes);
        }
    }

    /** The cost of a path: the active candidate only. */
    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        return counter.visit(Choice.values()[active].mmrazorName(), candidates.get(active), inputs);
    }
}
