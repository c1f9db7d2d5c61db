package org.nas4det.fad.head;

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
import java.util.function.IntFunction;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.Act;
import org.nas4det.core.nn.GroupNorm;
import org.nas4det.fad.ops.Layers;

/**
 * One searched subnetwork (box or cls) of a FAD head (spec §2): {@code n} cells in sequence, each
 * reading states (s0, s1) and emitting the concat of its nodes (nodes × F channels); between
 * cells s0 ← s1 and s1 ← a 1×1 projection (bias) → GN → ReLU of the previous cell's output; at
 * the end a 1×1 reduce conv nodes·F → F (bias, no norm, no activation).
 *
 * <p>Forward: {@code [s0, s1, extra...]} → {@code [reduced]}; the extra inputs (the search cells'
 * softmaxed architecture weights) reach every cell.
 */
public final class Subnet extends AbstractBlock implements CostAware {

    private final List<Block> cells = new ArrayList<>();
    private final List<Block> projections = new ArrayList<>();
    private final Block reduce;
    private final int channels;
    private final int nodes;

    /**
     * Creates the subnet.
     *
     * @param cellCount cells (≥ 1)
     * @param cell builds cell i
     * @param channels the state width F
     * @param nodes intermediate nodes per cell
     * @param reduce the final reduce conv (nodes·F → F)
     */
    public Subnet(int cellCount, IntFunction<Block> cell, int channels, int nodes, Block reduce) {
        this.channels = channels;
        this.nodes = nodes;
        for (int i = 0; i < cellCount; i++) {
            cells.add(addChildBlock("cell" + i, cell.apply(i)));
            if (i + 1 < cellCount) {
                SequentialBlock p = new SequentialBlock().add(Layers.pointwise(nodes * channels, channels, true))
                        .add(new GroupNorm(Math.min(32, channels), channels)).add(Act.relu());
                projections.add(addChildBlock("proj" + (i + 1), p));
            }
        }
        this.reduce = addChildBlock("reduce", reduce);
    }

    /**
     * The cls subnet's reduce conv: 1×1 with bias, N(0, 0.01) weights, zero bias (spec §2).
     *
     * @param in input channels (nodes × F)
     * @param out output channels F
     * @return the conv
     */
    public static Block clsReduce(int in, int out) {
        Block b = Layers.pointwise(in, out, true);
        b.setInitializer(org.nas4det.core.nn.TorchInitializers.normal(0.01), ai.djl.nn.Parameter.Type.WEIGHT);
        b.setInitializer(org.nas4det.core.nn.TorchInitializers.constant(0), ai.djl.nn.Parameter.Type.BIAS);
        return b;
    }

    /** @return the number of cells */
    public int cellCount() {
        return cells.size();
    }

    /** @return the cells */
    public List<Block> cells() {
        return cells;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray s0 = inputs.get(0);
        NDArray s1 = inputs.get(1);
        NDArray out = null;
        for (int i = 0; i < cells.size(); i++) {
            NDList in = new NDList(s0, s1);
            for (int k = 2; k < inputs.size(); k++) {
                in.add(inputs.get(k));
            }
            out = cells.get(i).forward(ps, in, training, params).head();
            if (i + 1 < cells.size()) {
                s0 = s1;
                s1 = projections.get(i).forward(ps, new NDList(out), training, params).head();
            }
        }
        return reduce.forward(ps, new NDList(out), training, params);
    }

    private Shape concat(Shape s) {
        return new Shape(s.get(0), (long) nodes * channels, s.get(2), s.get(3));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[1];
        return new Shape[] {new Shape(s.get(0), channels, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape state = inputShapes[1];
        for (int i = 0; i < cells.size(); i++) {
            Shape[] in = inputShapes.clone();
            in[0] = state;
            cells.get(i).initialize(manager, dataType, in);
            if (i + 1 < cells.size()) {
                projections.get(i).initialize(manager, dataType, concat(state));
            }
        }
        reduce.initialize(manager, dataType, concat(state));
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape state = inputs[1];
        for (int i = 0; i < cells.size(); i++) {
            Shape[] in = inputs.clone();
            in[0] = state;
            counter.visit("cell" + i, cells.get(i), in);
            if (i + 1 < cells.size()) {
                counter.visit("proj" + (i + 1), projections.get(i), concat(state));
            }
        }
        return counter.visit("reduce", reduce, concat(state));
    }
}
