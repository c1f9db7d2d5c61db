package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
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
        NDArray normed = normalise(x, groups, epsilon).reshape(shape);
        // The reshaped views belong to the input's manager: left in the parameters' manager, every
        // forward outside a training step's scope (evaluation) would leave two arrays behind.
        NDArray w = ps.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1, 1);
        w.attach(x.getManager());
        NDArray b = ps.getValue(beta, x.getDevice(), training).reshape(1, channels, 1, 1);
        b.attach(x.getManager());
        return new NDList(normed.mul(w).add(b));
    }

    /**
     * Normalises each group of each sample to zero mean and unit (biased) variance, without the
     * affine part, in one engine kernel: torch's batch norm in training mode on the input seen as
     * {@code (1, N·groups, rest)} computes exactly these statistics (one "channel" per sample and
     * group, biased variance). DJL has no group-norm op; written as mean, subtract, square, mean,
     * add, sqrt and divide it took nine passes forward and as many backward.
     *
     * @param x input (N, C, ...)
     * @param groups number of groups
     * @param epsilon added to the variance
     * @return the normalised input, shaped (1, N·groups, rest)
     */
    static NDArray normalise(NDArray x, int groups, float epsilon) {
        long rows = x.getShape().get(0) * groups;
        NDArray v = x.reshape(1, rows, -1);
        if (x.size() == rows) {
            // One value per group (a 1x1 map with a channel per group): batch norm refuses it, and
            // the value normalises to (x - x) / sqrt(eps) = 0, its gradient 0 too.
            return v.sub(v);
        }
        NDManager m = x.getManager();
        Shape r = new Shape(rows);
        // Batch norm wants running statistics and an affine part: neutral ones, never trained;
        // with PyTorch momentum 0 (DJL's 1) the running statistics are left as they are.
        try (NDArray runningMean = m.zeros(r); NDArray runningVar = m.ones(r); NDArray one = m.ones(r); NDArray zero = m.zeros(r)) {
            return BatchNorm.batchNorm(v, runningMean, runningVar, one, zero, -1, 1f, epsilon, true).head();
        }
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
