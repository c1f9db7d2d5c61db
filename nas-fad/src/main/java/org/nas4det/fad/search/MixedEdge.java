package org.nas4det.fad.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.fad.ops.FadOp;
import org.nas4det.fad.ops.Layers;
import org.nas4det.fad.ops.OpSpace;

/**
 * A mixed search edge (spec §1.3–1.4): bias-free 1×1 F→C, the STD and SEP RepShare chains on the
 * same input, Σ_k w_k·out_k over the ops (none contributes 0), bias-free 1×1 C→F.
 * Forward {@code [x, w]} with {@code w} the edge's softmaxed weights (K,) → {@code [y]}.
 */
public final class MixedEdge extends AbstractBlock implements CostAware {

    private final Block in;
    private final RepShareFamily std;
    private final RepShareFamily sep;
    private final Block out;
    private final int width;

    /**
     * Builds the edge.
     *
     * @param space the op space
     * @param channels the state width F
     * @param width the op width C
     */
    public MixedEdge(OpSpace space, int channels, int width) {
        this.width = width;
        in = addChildBlock("proj_in", Layers.pointwise(channels, width, false));
        std = addChildBlock("std", new RepShareFamily(FadOp.Family.STD, width, space.rate3()));
        sep = addChildBlock("sep", new RepShareFamily(FadOp.Family.SEP, width, space.rate3()));
        out = addChildBlock("proj_out", Layers.pointwise(width, channels, false));
    }

    /** @return the STD chain */
    public RepShareFamily stdFamily() {
        return std;
    }

    /** @return the SEP chain */
    public RepShareFamily sepFamily() {
        return sep;
    }

    /**
     * The mixture at width C, without the projections.
     *
     * @param ps the parameter store
     * @param x input at C channels
     * @param w softmaxed weights (K,)
     * @param training training mode
     * @return Σ_k w_k·op_k(x)
     */
    public NDArray mix(ParameterStore ps, NDArray x, NDArray w, boolean training) {
        NDList outs = new NDList();
        outs.addAll(std.forward(ps, new NDList(x), training));
        outs.addAll(sep.forward(ps, new NDList(x), training));
        // One stacked weighted sum (3 ops) instead of one multiply and add per op: the supernet's
        // cost on a CPU is dominated by the number of ops, not their size.
        int n = outs.size();
        NDArray stacked = ai.djl.ndarray.NDArrays.stack(outs);
        NDArray sum = stacked.mul(w.get("0:" + n).reshape(n, 1, 1, 1, 1)).sum(new int[] {0});
        return sum;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = in.forward(ps, new NDList(inputs.get(0)), training, params).head();
        NDArray m = mix(ps, x, inputs.get(1), training);
        return out.forward(ps, new NDList(m), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] s) {
        return new Shape[] {s[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... s) {
        in.initialize(manager, dataType, s[0]);
        Shape c = new Shape(s[0].get(0), width, s[0].get(2), s[0].get(3));
        std.initialize(manager, dataType, c);
        sep.initialize(manager, dataType, c);
        out.initialize(manager, dataType, c);
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] s) {
        Shape c = counter.visit("proj_in", in, s[0])[0];
        counter.visit("std", std, c);
        counter.visit("sep", sep, c);
        counter.visit("proj_out", out, c);
        return new Shape[] {s[0]};
    }
}
