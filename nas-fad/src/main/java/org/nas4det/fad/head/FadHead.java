package org.nas4det.fad.head;

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
import org.nas4det.core.detect.HeadTowers;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.ops.Layers;
import org.nas4det.fad.ops.OpSpace;

/**
 * The derived FAD head that replaces the FCOS towers (spec §2): a box subnet (s0 = s1 = P_l)
 * and a cls subnet (s0 = the box subnet's reduced output, s1 = P_l), each of {@code cells}
 * derived cells, shared across levels. Forward {@code [P_l]} → {@code [clsFeature, boxFeature]},
 * both F channels, for FCOS's predictors. {@code box_reduce} keeps PyTorch's default init,
 * {@code cls_reduce} is N(0, 0.01) with zero bias.
 *
 * <pre>{@code Detector d = Detector.fcos(backbone, 80).optTowers(new FadHead(g, OpSpace.released(), 256, 96, 2)).build();}</pre>
 */
public final class FadHead extends AbstractBlock implements HeadTowers, CostAware {

    private final Subnet box;
    private final Subnet cls;
    private final int channels;

    /**
     * Builds the head.
     *
     * @param genotypes the box and cls genotypes
     * @param space the op space
     * @param channels the FPN width F
     * @param width the op width C (a multiple of 32 in the paper; min(32, C) GN groups)
     * @param cells cells per subnet (2 in the paper's final configs)
     */
    public FadHead(FadGenotypes genotypes, OpSpace space, int channels, int width, int cells) {
        this.channels = channels;
        int nb = genotypes.box().nodeCount();
        int nc = genotypes.cls().nodeCount();
        box = addChildBlock("box", new Subnet(cells, i -> new DerivedCell(genotypes.box(), space, channels, width), channels, nb,
                Layers.pointwise(nb * channels, channels, true)));
        Block clsReduce = Subnet.clsReduce(nc * channels, channels);
        cls = addChildBlock("cls", new Subnet(cells, i -> new DerivedCell(genotypes.cls(), space, channels, width), channels, nc, clsReduce));
    }

    /** @return the box subnet */
    public Subnet boxSubnet() {
        return box;
    }

    /** @return the cls subnet */
    public Subnet clsSubnet() {
        return cls;
    }

    @Override
    public int outChannels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray b = box.forward(ps, new NDList(x, x), training, params).head();
        NDArray c = cls.forward(ps, new NDList(b, x), training, params).head();
        return new NDList(c, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0], in[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... in) {
        box.initialize(manager, dataType, in[0], in[0]);
        cls.initialize(manager, dataType, in[0], in[0]);
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] in) {
        counter.visit("box", box, in[0], in[0]);
        counter.visit("cls", cls, in[0], in[0]);
        return getOutputShapes(in);
    }
}
