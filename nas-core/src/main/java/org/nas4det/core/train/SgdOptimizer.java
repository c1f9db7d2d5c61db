package org.nas4det.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum and weight decay with PyTorch's semantics
 * ({@code g ← g + wd·w; buf ← μ·buf + g (buf = g at first); w ← w − lr·buf}), optional
 * global-norm gradient clipping, optional exemption of BN and bias parameters from weight decay,
 * and updates restricted to the parameters given for the step: the others do not move at all,
 * not by weight decay, not by momentum.
 *
 * <pre>{@code sgd.step(pathParameters, lr); sgd.zeroGradients(allParameters);}</pre>
 */
public final class SgdOptimizer {

    private final float momentum;
    private final float weightDecay;
    private final boolean noDecayOnNormAndBias;
    private final float clipNorm;
    private final NDManager stateManager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    /**
     * Creates the optimizer.
     *
     * @param momentum momentum μ (0.9)
     * @param weightDecay L2 weight decay
     * @param noDecayOnNormAndBias exempt BN/GN gamma, beta and biases from decay
     * @param clipNorm largest global gradient norm, or 0 for no clipping
     * @param stateManager owns the momentum buffers (close it with the optimizer)
     */
    public SgdOptimizer(float momentum, float weightDecay, boolean noDecayOnNormAndBias, float clipNorm, NDManager stateManager) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.noDecayOnNormAndBias = noDecayOnNormAndBias;
        this.clipNorm = clipNorm;
        this.stateManager = stateManager;
    }

    /**
     * Updates the given parameters from their gradients, unless a gradient holds a NaN or an
     * infinity: then nothing moves and the non-finite norm is returned for the caller to act on.
     * (Clipping alone let such a step through: {@code NaN > max} is false, so a NaN gradient went
     * unclipped into the weights, and an infinite one became NaN once scaled by {@code max / ∞ = 0}.)
     *
     * @param params the parameters to update (the step's path, or all)
     * @param lr the learning rate
     * @return the global gradient norm before clipping; not finite when the step was skipped
     */
    public float step(Collection<Parameter> params, float lr) {
        List<Parameter> list = List.copyOf(params);
        // Each gradient fetched once: every getGradient is a call into the engine and a new wrapper.
        NDArray[] grads = new NDArray[list.size()];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = list.get(i).getArray().getGradient();
        }
        float norm = globalNorm(grads);
        if (!Float.isFinite(norm)) {
            return norm;
        }
        float scale = 1;
        if (clipNorm > 0 && norm > clipNorm) {
            scale = clipNorm / (norm + 1e-6f);
        }
        // The scalars as 0-d arrays made once per step: an NDArray op with a Java number creates,
        // uses and closes such an array every time (three engine calls instead of one).
        try (NDArray scaleA = stateManager.create(scale); NDArray decay = stateManager.create(weightDecay);
                NDArray mu = stateManager.create(momentum); NDArray rate = stateManager.create(lr)) {
            for (int i = 0; i < grads.length; i++) {
                Parameter p = list.get(i);
                NDArray w = p.getArray();
                NDArray g = grads[i];
                NDArray buf = buffers.get(p.getId());
                if (buf != null && lr != 0 && momentum != 0) {
                    fusedUpdate(w, g, buf, rate, lr, scale, weightDecay != 0 && decays(p) ? weightDecay : 0);
                    continue;
                }
                if (scale != 1) {
                    g = g.mul(scaleA);
                }
                if (weightDecay != 0 && decays(p)) {
                    g = g.add(w.mul(decay));
                }
                if (buf == null) {
                    buf = g.duplicate();
                    buf.attach(stateManager);
                    // The buffer outlives the step's scope.
                    NDScope.unregister(buf);
                    buffers.put(p.getId(), buf);
                } else {
                    buf.muli(mu).addi(g);
                }
                w.subi(buf.mul(rate));
            }
        }
        return norm;
    }

    /**
     * One parameter's update in one native call (DJL's {@code sgdUpdate}, whose momentum buffer is
     * the learning rate times PyTorch's: {@code s ← μ·s + lr·(c·g + wd·w); w ← w − s}). The buffer
     * is kept in PyTorch's convention between steps, so a changing learning rate, checkpoints and
     * resume see the same state as before; it is scaled by lr for the call and back after it: the
     * same update as the op-by-op one up to float rounding, in three engine calls instead of six
     * to eight.
     */
    private void fusedUpdate(NDArray w, NDArray g, NDArray buf, NDArray rate, float lr, float clipScale, float decay) {
        buf.muli(rate);
        try {
            JniUtils.sgdUpdate((PtNDArray) w, (PtNDArray) g, (PtNDArray) buf, lr, decay, clipScale, -1f, momentum);
        } finally {
            buf.divi(rate); // a failed call must not leave the buffer scaled for a checkpoint
        }
    }

    /**
     * The L2 norm of all the gradients together: per-parameter norms, fetched in one array and
     * combined in double on the Java side. One reading pass per gradient: squaring first wrote a
     * new gradient-sized array (fresh memory, page faults and all) and summed it, about 30 ms per
     * step on frcnn-step's 29 M parameters where the norms take 4.
     *
     * <pre>{@code float norm = SgdOptimizer.globalNorm(grads); if (!Float.isFinite(norm)) skip();}</pre>
     *
     * @param grads the gradients
     * @return the square root of the sum of their squared elements; not finite when one is not
     */
    public static float globalNorm(NDArray[] grads) {
        if (grads.length == 0) {
            return 0;
        }
        NDList norms = new NDList(grads.length);
        for (NDArray g : grads) {
            norms.add(g.norm());
        }
        double sq = 0;
        NDArray stacked = NDArrays.stack(norms);
        if (stacked.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
            for (float v : stacked.toFloatArray()) {
                sq += (double) v * v;
            }
        } else {
            // Another floating type (a test's network may be in double).
            for (double v : stacked.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray()) {
                sq += v * v;
            }
        }
        return (float) Math.sqrt(sq);
    }

    /**
     * Zeroes the gradients (PyTorch accumulates them across backward passes), one engine call per
     * parameter. The zeros are written, not multiplied in: a skipped step's NaN or infinity is
     * cleared too.
     *
     * @param params the parameters
     */
    public void zeroGradients(Collection<Parameter> params) {
        for (Parameter p : params) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
    }

    private boolean decays(Parameter p) {
        if (!noDecayOnNormAndBias) {
            return true;
        }
        Parameter.Type t = p.getType();
        return t != Parameter.Type.BIAS && t != Parameter.Type.GAMMA && t != Parameter.Type.BETA;
    }

    /** @return the momentum buffers by parameter id (the optimizer's whole state) */
    public Map<String, NDArray> state() {
        return buffers;
    }

    /**
     * Restores momentum buffers saved from {@link #state()}.
     *
     * @param ids parameter ids in the order of {@code arrays}
     * @param arrays the buffers
     */
    public void restore(List<String> ids, NDList arrays) {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        for (int i = 0; i < ids.size(); i++) {
            NDArray a = arrays.get(i);
            a.attach(stateManager);
            buffers.put(ids.get(i), a);
        }
    }
}
