package org.nas4det.fad.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.fad.ops.OpSpace;

/**
 * The DARTS search cell (spec §2): node i sums mixed edges from every earlier state (2 + i of
 * them); the output concatenates the nodes. Forward {@code [s0, s1, w]} with {@code w} the
 * softmaxed weights (edges, K), edges ordered node by node, source by source.
 */
public final class SearchCell extends AbstractBlock implements CostAware {

    private final List<MixedEdge> edges = new ArrayList<>();
    private final int nodes;

    /**
     * Builds the cell.
     *
     * @param space the op space
     * @param nodes intermediate nodes (3)
     * @param channels the state width F
     * @param width the op width C
     */
    public SearchCell(OpSpace space, int nodes, int channels, int width) {
        this.nodes = nodes;
        for (int i = 0; i < nodes; i++) {
            for (int j = 0; j < 2 + i; j++) {
                edges.add(addChildBlock("node" + i + "_from" + j, new MixedEdge(space, channels, width)));
            }
        }
    }

    /**
     * @param nodes intermediate nodes
     * @return mixed edges in a cell: Σ (2 + i)
     */
    public static int edgeCount(int nodes) {
        return nodes * (nodes + 3) / 2;
    }

    /** @return the mixed edges in alpha-row order */
    public List<MixedEdge> edges() {
        return edges;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray w = in.get(2);
        List<NDArray> states = new ArrayList<>(List.of(in.get(0), in.get(1)));
        int e = 0;
        for (int i = 0; i < nodes; i++) {
            NDArray sum = null;
            for (int j = 0; j < 2 + i; j++) {
                NDArray y = edges.get(e).forward(ps, new NDList(states.get(j), w.get(e)), training, params).head();
                sum = sum == null ? y : sum.add(y);
                e++;
            }
            states.add(sum);
        }
        return new NDList(NDArrays.concat(new NDList(states.subList(2, states.size())), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] s) {
        return new Shape[] {new Shape(s[1].get(0), s[1].get(1) * nodes, s[1].get(2), s[1].get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... s) {
        for (MixedEdge m : edges) {
            m.initialize(manager, dataType, s[1], new Shape(s.length > 2 ? s[2].get(1) : 1));
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] s) {
        for (int e = 0; e < edges.size(); e++) {
            counter.visit("edge" + e, edges.get(e), s[1]);
        }
        return getOutputShapes(s);
    }
}
