package org.nas4det.core.cost;

import ai.djl.ndarray.types.Shape;

/**
 * A block that declares its own cost: it adds what it computes itself (an activation, a pooling,
 * a residual's final ReLU) and hands each child to the counter.
 *
 * <pre>{@code
 * public Shape[] countCost(CostCounter c, Shape[] in) {
 *     Shape[] out = c.visit("conv", conv, in);
 *     return c.visit("bn", bn, out);
 * }
 * }</pre>
 */
public interface CostAware {

    /**
     * Adds this block's cost to the counter.
     *
     * @param counter the counter; use {@link CostCounter#visit} for children
     * @param inputs the input shapes, batch first
     * @return the output shapes
     */
    Shape[] countCost(CostCounter counter, Shape[] inputs);
}
