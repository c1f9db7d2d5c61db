package org.nas4det.fad.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import org.nas4det.fad.genotype.Genotype;
import org.nas4det.fad.ops.FadOp;
import org.nas4det.fad.ops.Layers;
import org.nas4det.fad.ops.OpSpace;

/**
 * A derived (final-network) cell: each node sums its genotype edges; every edge is
 * 1×1 conv F→C (bias) → the op's own layers at C → 1×1 conv C→F (bias) (spec §1.4); the output
 * is the channel concat of the nodes. Forward: {@code [s0, s1]} → {@code [concat]}.
 */
public final class DerivedCell extends AbstractBlock implements CostAware {

    private final List<List<Block>> edges = new ArrayList<>();
    private final List<List<Integer>> inputs = new ArrayList<>();

    /**
     * Builds the cell.
     *
     * @param genotype the genotype
     * @param space the op space its names resolve in
     * @param channels the state width F
     * @param width the op width C
     */
    public DerivedCell(Genotype genotype, OpSpace space, int channels, int width) {
        List<List<FadOp>> ops = genotype.ops(space);
        for (int r = 0; r < ops.size(); r++) {
            List<Block> node = new ArrayList<>();
            List<Integer> in = new ArrayList<>();
            for (int e = 0; e < ops.get(r).size(); e++) {
                SequentialBlock edge = new SequentialBlock().add(Layers.pointwise(channels, width, true))
                        .add(ops.get(r).get(e).body(width)).add(Layers.pointwise(width, channels, true));
                node.add(addChildBlock("node" + r + "_edge" + e, edge));
                in.add(genotype.nodes().get(r).get(e).input());
            }
            edges.add(node);
            inputs.add(in);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        List<NDArray> states = new ArrayList<>(List.of(in.get(0), in.get(1)));
        for (int r = 0; r < edges.size(); r++) {
            NDArray sum = null;
            for (int e = 0; e < edges.get(r).size(); e++) {
                NDArray y = edges.get(r).get(e).forward(ps, new NDList(states.get(inputs.get(r).get(e))), training, params).head();
                sum = sum == null ? y : sum.add(y);
            }
            states.add(sum);
        }
        return new NDList(NDArrays.concat(new NDList(states.subList(2, states.size())), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] s) {
        return new Shape[] {new Shape(s[1].get(0), s[1].get(1) * edges.size(), s[1].get(2), s[1].get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... s) {
        for (List<Block> node : edges) {
            for (Block b : node) {
                b.initialize(manager, dataType, s[1]);
            }
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] s) {
        for (int r = 0; r < edges.size(); r++) {
            for (int e = 0; e < edges.get(r).size(); e++) {
                counter.visit("node" + r + "_edge" + e, edges.get(r).get(e), s[1]);
            }
        }
        return getOutputShapes(s);
    }
}
