package org.nas4det.fad.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Second-order DARTS architecture gradient with the correct finite-difference term:
 * w' = w − ξ·∇w L_train(w, α);
 * ∇α ≈ ∇α L_val(w', α) − ξ · [∇α L_train(w⁺, α) − ∇α L_train(w⁻, α)] / (2ε),
 * w± = w ± ε·∇w' L_val(w', α), ε = 0.01 / ‖∇w' L_val‖. (The release divides by 2 and multiplies by
 * ε instead, spec §7.4.) The virtual step is plain gradient descent (no momentum, no decay);
 * the weights are restored afterwards and every gradient is zeroed.
 *
 * <pre>{@code List<NDArray> g = SecondOrder.alphaGradients(weights, alphas, trainLoss, valLoss, lr);}</pre>
 */
public final class SecondOrder {

    private SecondOrder() {}

    private static void backward(Supplier<NDArray> loss) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss.get());
        }
    }

    private static List<NDArray> grads(List<Parameter> ps) {
        List<NDArray> out = new ArrayList<>();
        for (Parameter p : ps) {
            out.add(p.getArray().getGradient().duplicate());
        }
        return out;
    }

    private static void zero(List<Parameter> a, List<Parameter> b) {
        for (List<Parameter> l : List.of(a, b)) {
            for (Parameter p : l) {
                p.getArray().getGradient().muli(0);
            }
        }
    }

    /**
     * Computes the architecture gradients (the caller's scope owns the arrays).
     *
     * @param weights network weights
     * @param alphas architecture weights
     * @param trainLoss runs the forward on the weight-training batch
     * @param valLoss runs the forward on the architecture batch
     * @param xi virtual step size (the weight learning rate)
     * @return one gradient per alpha parameter, or null when a weight gradient on the way is not
     *     finite (the weights are then as they were: a virtual step along it could not be undone)
     */
    public static List<NDArray> alphaGradients(List<Parameter> weights, List<Parameter> alphas, Supplier<NDArray> trainLoss,
            Supplier<NDArray> valLoss, float xi) {
        List<NDArray> w0 = new ArrayList<>();
        for (Parameter p : weights) {
            w0.add(p.getArray().duplicate());
        }
        zero(weights, alphas);
        backward(trainLoss);
        List<NDArray> gw = grads(weights);
        zero(weights, alphas);
        if (!Float.isFinite(org.nas4det.core.train.SgdOptimizer.globalNorm(gw.toArray(new NDArray[0])))) {
            return null;
        }
        for (int i = 0; i < weights.size(); i++) {
            weights.get(i).getArray().subi(gw.get(i).mul(xi));
        }
        backward(valLoss);
        List<NDArray> dAlpha = grads(alphas);
        List<NDArray> dw = grads(weights);
        zero(weights, alphas);
        double sq = 0;
        for (NDArray d : dw) {
            sq += d.square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
        if (!Double.isFinite(sq)) {
            for (int i = 0; i < weights.size(); i++) {
                weights.get(i).getArray().muli(0).addi(w0.get(i)); // the virtual step is finite: undone exactly
            }
            return null;
        }
        float eps = (float) (0.01 / Math.max(Math.sqrt(sq), 1e-12));
        List<List<NDArray>> pm = new ArrayList<>();
        for (float sign : new float[] {1, -1}) {
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i).getArray();
                w.muli(0).addi(w0.get(i)).addi(dw.get(i).mul(sign * eps));
            }
            backward(trainLoss);
            pm.add(grads(alphas));
            zero(weights, alphas);
        }
        for (int i = 0; i < weights.size(); i++) {
            weights.get(i).getArray().muli(0).addi(w0.get(i));
        }
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < alphas.size(); i++) {
            NDArray hessian = pm.get(0).get(i).sub(pm.get(1).get(i)).div(2 * eps);
            out.add(dAlpha.get(i).sub(hessian.mul(xi)));
        }
        return out;
    }
}
