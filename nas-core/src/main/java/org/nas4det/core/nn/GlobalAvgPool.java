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
 * Global average pooling from (N, C, H, W) to (N, C), as a classifier head needs.
 *
 * <pre>{@code SequentialBlock head = new SequentialBlock().add(new GlobalAvgPool()).add(fc);}</pre>
 */
public final class GlobalAvgPool extends AbstractBlock implements CostAware {

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        // DJL's PyTorch mean reduces one axis at a time: flatten H·W first.
        return new NDList(x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1))};
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] out = getOutputShapes(inputs);
        counter.addPool(CostCounter.elements(inputs[0]), CostCounter.elements(out[0]), true);
        return out;
    }
}
