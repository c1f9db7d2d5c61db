package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * Group normalisation (Wu and He, 2018) with PyTorch's semantics: statistics per sample over
 * each group of channels and all positions, biased variance, per-channel affine. DJL has none.
 *
 * <pre>{@code Block gn = new GroupNorm(32, 256);}</pre>
 *
 * <p>The cost model counts its outputs as normalisation elements and its gamma/beta as ordinary
 * parameters (not in the BatchNorm share).
 */
public final class GroupNorm extends AbstractBlock implements CostAware {

    private final int groups;
    private final int channels;
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * Creates a group norm with epsilon 1e-5.
     *
     * @param groups number of groups; must divide {@code channels}
     * @param channels number of channels
     */
    public GroupNorm(int groups, int channels) {
        this(groups, channels, 1e-5f);
    }

    /**
     * Creates a group norm.
     *
     * @param groups number of groups; must divide {@code channels}
     * @param channels number of channels
     * @param epsilon added to the variance
     */
    public GroupNorm(int groups, int channels, float epsilon) {
        Preconditions.checkArgument(
                groups > 0 && channels % groups == 0,
                "GroupNorm: %s groups do not divide %s channels",
                groups,
                channels);
        this.groups = groups;
        this.channels = channels;
        this.epsilon = epsilon;
        this.gamma =
                addParameter(
                        Parameter.builder()
                                .setName("gamma")
                                .setType(Parameter.Type.GAMMA)
                                .optShape(new Shape(channels))
                                .build());
        this.beta =
                addParameter(
                        Parameter.builder()
                                .setName("beta")
                                .setType(Parameter.Type.BETA)
                                .optShape(new Shape(channels))
                                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        NDArray g = x.reshape(shape.get(0), groups, -1);
        NDArray mean = g.mean(new int[] {2}, true);
        NDArray centred = g.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true);
        NDArray normed = centred.div(var.add(epsilon).sqrt()).reshape(shape);
        // The reshaped views belong to the input's manager: left in the parameters' manager, every
        // forward outside a training step's scope (evaluation) would leave two arrays behind.
        NDArray w = ps.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1, 1);
        w.attach(x.getManager());
        NDArray b = ps.getValue(beta, x.getDevice(), training).reshape(1, channels, 1, 1);
        b.attach(x.getManager());
        return new NDList(normed.mul(w).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        counter.addParams(this, 2L * channels, false);
        counter.addNormElements(CostCounter.elements(inputs[0]));
        return inputs;
    }
}
