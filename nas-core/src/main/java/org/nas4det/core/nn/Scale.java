package org.nas4det.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * Multiplies its input by one learnable scalar (FCOS's per-level regression scale).
 *
 * <pre>{@code Block s = new Scale(1.0f);}</pre>
 */
public final class Scale extends AbstractBlock implements CostAware {

    private final Parameter scale;

    /**
     * Creates the block.
     *
     * @param init the initial value
     */
    public Scale(float init) {
        scale = addParameter(Parameter.builder().setName("scale").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(init)).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        var x = inputs.singletonOrThrow();
        return new NDList(x.mul(ps.getValue(scale, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        counter.addParams(this, 1, false);
        return inputs;
    }
}
