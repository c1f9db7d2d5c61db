package org.nas4det.fad.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.detect.HeadTowers;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.head.Subnet;
import org.nas4det.fad.ops.Layers;
import org.nas4det.fad.ops.OpSpace;

/**
 * The FAD search supernet head (spec §1.3, §2, §3): box and cls subnets of {@link SearchCell}s
 * with RepShare mixed edges, and one architecture-weight matrix per subnet ({@code alpha_box},
 * {@code alpha_cls}, shape (edges, K), initialised 1e-3·N(0, 1)), softmaxed per edge at every
 * forward. Same inputs and outputs as the derived head.
 *
 * <p>The cost counted for it covers the network weights only; the architecture weights are
 * reported separately ({@link #alphaCount()}).
 *
 * <pre>{@code SearchHead h = new SearchHead(OpSpace.released(), 256, 96, 1, 3); FadGenotypes g = h.derive(2);}</pre>
 */
public final class SearchHead extends AbstractBlock implements HeadTowers, CostAware {

    /** Name of the box subnet's architecture weights. */
    public static final String ALPHA_BOX = "alpha_box";
    /** Name of the cls subnet's architecture weights. */
    public static final String ALPHA_CLS = "alpha_cls";

    private final OpSpace space;
    private final int channels;
    private final int nodes;
    private final Subnet box;
    private final Subnet cls;
    private final Parameter alphaBox;
    private final Parameter alphaCls;

    /**
     * Builds the supernet head.
     *
     * @param space the op space
     * @param channels the FPN width F
     * @param width the op width C
     * @param cells cells per subnet (1 in the release's search)
     * @param nodes intermediate nodes per cell (3)
     */
    public SearchHead(OpSpace space, int channels, int width, int cells, int nodes) {
        this.space = space;
        this.channels = channels;
        this.nodes = nodes;
        Shape a = new Shape(SearchCell.edgeCount(nodes), space.size());
        alphaBox = addParameter(Parameter.builder().setName(ALPHA_BOX).setType(Parameter.Type.OTHER).optShape(a)
                .optInitializer(new NormalInitializer(1e-3f)).build());
        alphaCls = addParameter(Parameter.builder().setName(ALPHA_CLS).setType(Parameter.Type.OTHER).optShape(a)
                .optInitializer(new NormalInitializer(1e-3f)).build());
        box = addChildBlock("box", new Subnet(cells, i -> new SearchCell(space, nodes, channels, width), channels, nodes,
                Layers.pointwise(nodes * channels, channels, true)));
        Block clsReduce = Subnet.clsReduce(nodes * channels, channels);
        cls = addChildBlock("cls", new Subnet(cells, i -> new SearchCell(space, nodes, channels, width), channels, nodes, clsReduce));
    }

    /** @return the op space */
    public OpSpace space() {
        return space;
    }

    /** @return the box and cls architecture weights */
    public List<Parameter> alphaParameters() {
        return List.of(alphaBox, alphaCls);
    }

    /** @return the number of architecture scalars (2 × edges × K) */
    public long alphaCount() {
        return 2L * SearchCell.edgeCount(nodes) * space.size();
    }

    /**
     * The network weights of a block tree, without the architecture weights.
     *
     * @param root a detector (or this head)
     * @return its trainable parameters minus the alphas
     */
    public List<Parameter> weightParameters(Block root) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : root.getParameters()) {
            if (p.getValue() != alphaBox && p.getValue() != alphaCls && p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** @return the box subnet */
    public Subnet boxSubnet() {
        return box;
    }

    /** @return the cls subnet */
    public Subnet clsSubnet() {
        return cls;
    }

    /**
     * Derives the genotypes from the current alphas (spec §3, k = 2).
     *
     * @param k edges kept per node
     * @return box and cls genotypes
     */
    public FadGenotypes derive(int k) {
        return new FadGenotypes(
                Derivation.derive(alphaBox.getArray().toFloatArray(), nodes, space, k),
                Derivation.derive(alphaCls.getArray().toFloatArray(), nodes, space, k));
    }

    @Override
    public int outChannels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray wb = ps.getValue(alphaBox, x.getDevice(), training).softmax(1);
        NDArray wc = ps.getValue(alphaCls, x.getDevice(), training).softmax(1);
        NDArray b = box.forward(ps, new NDList(x, x, wb), training, params).head();
        NDArray c = cls.forward(ps, new NDList(b, x, wc), training, params).head();
        return new NDList(c, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0], in[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... in) {
        Shape a = new Shape(SearchCell.edgeCount(nodes), space.size());
        box.initialize(manager, dataType, in[0], in[0], a);
        cls.initialize(manager, dataType, in[0], in[0], a);
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] in) {
        Shape a = new Shape(SearchCell.edgeCount(nodes), space.size());
        counter.visit("box", box, in[0], in[0], a);
        counter.visit("cls", cls, in[0], in[0], a);
        return getOutputShapes(in);
    }
}
