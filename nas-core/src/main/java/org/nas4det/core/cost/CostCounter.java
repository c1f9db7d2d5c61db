package org.nas4det.core.cost;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Walks a block tree once and adds up its cost. DJL's convolutions, linear layers, BatchNorm
 * and sequential blocks are counted here; every other block must be {@link CostAware}.
 *
 * <pre>{@code CostCounter c = new CostCounter(); c.visit("net", block, input); Cost cost = c.result(input);}</pre>
 */
public final class CostCounter {

    private final Cost.Builder cost = Cost.builder();
    private final Deque<String> path = new ArrayDeque<>();
    // A block run several times (a head shared across FPN levels) owns its parameters once.
    private final Set<Object> paramOwners = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Counts one block (and everything below it) at the given inputs.
     *
     * @param name the block's name, for error messages
     * @param block the block
     * @param inputs the input shapes
     * @return the output shapes
     */
    public Shape[] visit(String name, Block block, Shape... inputs) {
        path.addLast(name);
        try {
            return dispatch(block, inputs);
        } finally {
            path.removeLast();
        }
    }

    private Shape[] dispatch(Block block, Shape[] inputs) {
        if (block instanceof CostAware) {
            return ((CostAware) block).countCost(this, inputs);
        }
        if (block instanceof Convolution) {
            return convolution((Convolution) block, inputs);
        }
        if (block instanceof Linear) {
            return linear((Linear) block, inputs);
        }
        if (block instanceof BatchNorm) {
            return batchNorm((BatchNorm) block, inputs);
        }
        if (block instanceof SequentialBlock) {
            Shape[] shapes = inputs;
            int i = 0;
            for (var child : block.getChildren()) {
                shapes = visit(i++ + ":" + child.getKey(), child.getValue(), shapes);
            }
            return shapes;
        }
        throw new UnsupportedBlockException(
                "cost model cannot count block "
                        + block.getClass().getName()
                        + " at "
                        + String.join("/", path)
                        + ": implement org.nas4det.core.cost.CostAware on it or build it from"
                        + " counted blocks");
    }

    private Shape[] convolution(Convolution conv, Shape[] inputs) {
        Shape in = inputs[0];
        Shape out = conv.getOutputShapes(inputs)[0];
        long inChannels = in.get(1);
        long perOutput = CostOverflowException.multiply("conv MACs", inChannels / conv.getGroups(),
                CostOverflowException.elements("conv MACs", conv.getKernelShape()));
        long weights = CostOverflowException.multiply("params", conv.getFilters(), perOutput);
        addParams(conv, CostOverflowException.add("params", weights, conv.isIncludeBias() ? conv.getFilters() : 0), false);
        cost.addConvLayer(CostOverflowException.multiply("conv MACs", CostOverflowException.elements("conv MACs", out), perOutput));
        return new Shape[] {out};
    }

    private Shape[] linear(Linear linear, Shape[] inputs) {
        Shape in = inputs[0];
        Shape out = linear.getOutputShapes(inputs)[0];
        long inFeatures = in.get(in.dimension() - 1);
        long units = out.get(out.dimension() - 1);
        boolean bias = linear.getDirectParameters().contains("bias");
        addParams(linear, CostOverflowException.add("params", CostOverflowException.multiply("params", inFeatures, units),
                bias ? units : 0), false);
        cost.addConvLayer(CostOverflowException.multiply("conv MACs", CostOverflowException.elements("conv MACs", out), inFeatures));
        return new Shape[] {out};
    }

    private Shape[] batchNorm(BatchNorm bn, Shape[] inputs) {
        Shape in = inputs[0];
        long channels = in.get(1);
        long trainable = 0;
        for (Parameter p : bn.getDirectParameters().values()) {
            if (p.requiresGradient()) {
                trainable += channels;
            }
        }
        addParams(bn, trainable, true);
        cost.addBnElements(CostOverflowException.elements("BN elements", in));
        return new Shape[] {in};
    }

    /**
     * Elements of a shape (the product of its dimensions), failing with a
     * {@link CostOverflowException} instead of wrapping around as {@link Shape#size()} does.
     *
     * @param shape the shape
     * @return its elements
     */
    public static long elements(Shape shape) {
        return CostOverflowException.elements("elements", shape);
    }

    /**
     * Adds parameters a custom block owns directly; counted once per owner however often the
     * block runs.
     *
     * @param owner the block that owns them
     * @param n how many
     * @param batchNorm whether they belong to a BatchNorm-like layer's share
     */
    public void addParams(Object owner, long n, boolean batchNorm) {
        if (paramOwners.add(owner)) {
            cost.addParams(n, batchNorm);
        }
    }

    /**
     * Adds normalisation output elements (BatchNorm, GroupNorm).
     *
     * @param n elements
     */
    public void addNormElements(long n) {
        cost.addBnElements(n);
    }

    /**
     * Adds activation output elements.
     *
     * @param n elements
     */
    public void addActivation(long n) {
        cost.addActElements(n);
    }

    /**
     * Adds a convolution-like layer computed by a custom block.
     *
     * @param macs its multiply-accumulates
     */
    public void addConvLayer(long macs) {
        cost.addConvLayer(macs);
    }

    /**
     * Adds a pooling call.
     *
     * @param in input elements
     * @param out output elements
     * @param average whether it averages
     */
    public void addPool(long in, long out, boolean average) {
        cost.addPool(in, out, average);
    }

    /**
     * Returns the cost counted so far.
     *
     * @param input the input shape it was counted at
     * @return the cost
     */
    public Cost result(Shape input) {
        return cost.input(input).build();
    }
}
