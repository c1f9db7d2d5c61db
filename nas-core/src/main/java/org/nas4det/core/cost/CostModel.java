package org.nas4det.core.cost;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * Analytic parameter and MAC counts for a DJL block tree at an input shape. Nothing is
 * initialised and nothing runs: the count comes from the layers' hyper-parameters and shapes,
 * so it costs microseconds even for a ResNet-101 at 800x1280.
 *
 * <pre>{@code Cost c = CostModel.count(ResNets.body(50), new Shape(1, 3, 224, 224));}</pre>
 */
public final class CostModel {

    private CostModel() {}

    /**
     * Counts a block's cost.
     *
     * @param block the block (initialised or not)
     * @param inputs its input shapes, batch first (batch 1 for the published conventions)
     * @return the cost
     * @throws UnsupportedBlockException for a block type it cannot count
     */
    public static Cost count(Block block, Shape... inputs) {
        CostCounter counter = new CostCounter();
        counter.visit(block.getClass().getSimpleName(), block, inputs);
        return counter.result(inputs[0]);
    }
}
