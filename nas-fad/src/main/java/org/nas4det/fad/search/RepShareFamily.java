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
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.fad.ops.FadOp;
import org.nas4det.fad.ops.Layers;

/**
 * One family's shared chain on one search edge (spec §1.3): base layers L1 → L2 → L3
 * (h1, h2, h3), DIL layers D1 on h1 and D2 on h2, bias-free 1×1 decouple convs K1 on h1 and K2
 * on h2. Emits, in op order, K1(h1), D1(h1), K2(h2), D2(h2), h3; the 12-op variant inserts
 * D1r3(h1) (dilation 3) after K1(h1).
 */
public final class RepShareFamily extends AbstractBlock implements CostAware {

    private final Block[] base = new Block[3];
    private final Block dil1;
    private final Block dil2;
    private final Block dil1r3;
    private final Block k1;
    private final Block k2;

    /**
     * Builds the chain.
     *
     * @param family STD or SEP
     * @param width the op width C
     * @param rate3 whether to add the rate-3 DIL branch on h1
     */
    public RepShareFamily(FadOp.Family family, int width, boolean rate3) {
        for (int i = 0; i < 3; i++) {
            base[i] = addChildBlock("layer" + (i + 1), Layers.base(family, width));
        }
        k1 = addChildBlock("decouple1", Layers.pointwise(width, width, false));
        dil1r3 = rate3 ? addChildBlock("dil1_r3", Layers.dil(width, 3)) : null;
        dil1 = addChildBlock("dil1", Layers.dil(width, 2));
        k2 = addChildBlock("decouple2", Layers.pointwise(width, width, false));
        dil2 = addChildBlock("dil2", Layers.dil(width, 2));
    }

    /** @return the base layers L1..L3 */
    public Block[] baseLayers() {
        return base.clone();
    }

    /** @return D1, D2 (and D1r3 last when present) */
    public List<Block> dilLayers() {
        List<Block> l = new ArrayList<>(List.of(dil1, dil2));
        if (dil1r3 != null) {
            l.add(dil1r3);
        }
        return l;
    }

    /** @return K1, K2 */
    public List<Block> decoupleConvs() {
        return List.of(k1, k2);
    }

    private NDArray run(Block b, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h1 = run(base[0], ps, inputs.head(), training, params);
        NDArray h2 = run(base[1], ps, h1, training, params);
        NDArray h3 = run(base[2], ps, h2, training, params);
        NDList out = new NDList(run(k1, ps, h1, training, params));
        if (dil1r3 != null) {
            out.add(run(dil1r3, ps, h1, training, params));
        }
        out.add(run(dil1, ps, h1, training, params));
        out.add(run(k2, ps, h2, training, params));
        out.add(run(dil2, ps, h2, training, params));
        out.add(h3);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape[] s = new Shape[dil1r3 != null ? 6 : 5];
        java.util.Arrays.fill(s, in[0]);
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... in) {
        for (Block b : getChildren().values()) {
            b.initialize(manager, dataType, in[0]);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] in) {
        for (var c : getChildren()) {
            counter.visit(c.getKey(), c.getValue(), in[0]);
        }
        return getOutputShapes(in);
    }
}
