package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * BatchNorm over the channel axis of NCHW input with PyTorch's conventions: {@code momentum} is
 * the weight of the new batch (0.1 by default), the running variance is the unbiased batch
 * variance's moving average. Unlike DJL's block, the momentum can change after building, which
 * exact BN recalibration needs (momentum 1 makes the running statistics the last batch's).
 *
 * <pre>{@code Block bn = new BatchNorm2d(); // gamma, beta, runningMean, runningVar}</pre>
 */
public final class BatchNorm2d extends AbstractBlock implements CostAware {

    private static final byte VERSION = 1;

    private final float epsilon;
    private float momentum;
    private Shape lastInput;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /** Creates a BatchNorm with PyTorch's defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm2d() {
        this(1e-5f, 0.1f);
    }

    /**
     * Creates a BatchNorm.
     *
     * @param epsilon added to the variance
     * @param momentum PyTorch-style momentum: weight of the new batch in the running statistics
     */
    public BatchNorm2d(float epsilon, float momentum) {
        super(VERSION);
        this.epsilon = epsilon;
        this.momentum = momentum;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(
                Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN).optRequiresGrad(false).build());
        runningVar = addParameter(
                Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR).optRequiresGrad(false).build());
    }

    /** @return the PyTorch-style momentum */
    public float momentum() {
        return momentum;
    }

    /**
     * Changes the momentum (PyTorch convention).
     *
     * @param m weight of the next batch in the running statistics, 0..1
     */
    public void setMomentum(float m) {
        this.momentum = m;
    }

    /** @return the shape of the last input seen, or null (BN recalibration weighs batches by it) */
    public Shape lastInputShape() {
        return lastInput;
    }

    /** Forgets the last input shape. */
    public void clearLastInputShape() {
        lastInput = null;
    }

    /** @return epsilon */
    public float epsilon() {
        return epsilon;
    }

    /** @return gamma */
    public Parameter gamma() {
        return gamma;
    }

    /** @return beta */
    public Parameter beta() {
        return beta;
    }

    /** @return the running mean */
    public Parameter runningMean() {
        return runningMean;
    }

    /** @return the running (unbiased) variance */
    public Parameter runningVar() {
        return runningVar;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        lastInput = x.getShape();
        var device = x.getDevice();
        // axis -1 makes DJL call torch's batch_norm directly, which normalises dim 1 of NCHW.
        return BatchNorm.batchNorm(
                x,
                ps.getValue(runningMean, device, training),
                ps.getValue(runningVar, device, training),
                ps.getValue(gamma, device, training),
                ps.getValue(beta, device, training),
                -1,
                1f - momentum,
                epsilon,
                training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape c = new Shape(inputShapes[0].get(1));
        gamma.setShape(c);
        beta.setShape(c);
        runningMean.setShape(c);
        runningVar.setShape(c);
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        counter.addParams(this, 2 * inputs[0].get(1), true);
        counter.addNormElements(CostCounter.elements(inputs[0]));
        return inputs;
    }
}
