package org.nas4det.fad.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Adam with PyTorch's semantics and L2 weight decay added to the gradient
 * ({@code g ← g + wd·a; m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
 * a ← a − lr·m̂ / (√v̂ + ε)}), for the architecture weights only (spec §3: lr 3e-4,
 * betas (0.5, 0.999), weight decay 1e-3).
 *
 * <pre>{@code AlphaAdam adam = new AlphaAdam(3e-4f, 0.5f, 0.999f, 1e-3f, stateManager); adam.step(alphas);}</pre>
 */
public final class AlphaAdam {

    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float weightDecay;
    private final NDManager stateManager;
    private NDList m;
    private NDList v;
    private int t;

    /**
     * Creates the optimizer.
     *
     * @param lr learning rate
     * @param beta1 β1
     * @param beta2 β2
     * @param weightDecay L2 weight decay
     * @param stateManager owns the moments
     */
    public AlphaAdam(float lr, float beta1, float beta2, float weightDecay, NDManager stateManager) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        this.stateManager = stateManager;
    }

    /**
     * Updates the parameters from their gradients.
     *
     * @param params the architecture weights
     */
    public void step(List<Parameter> params) {
        step(params, null);
    }

    /**
     * Updates the parameters from given gradients.
     *
     * @param params the architecture weights
     * @param grads their gradients, or null to read the parameters' own
     */
    public void step(List<Parameter> params, List<NDArray> grads) {
        if (m == null) {
            m = new NDList();
            v = new NDList();
            for (Parameter p : params) {
                NDArray z = stateManager.zeros(p.getArray().getShape());
                NDScope.unregister(z);
                m.add(z);
                NDArray z2 = stateManager.zeros(p.getArray().getShape());
                NDScope.unregister(z2);
                v.add(z2);
            }
        }
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.size(); i++) {
            NDArray a = params.get(i).getArray();
            NDArray g = grads == null ? a.getGradient() : grads.get(i);
            if (weightDecay != 0) {
                g = g.add(a.mul(weightDecay));
            }
            m.get(i).muli(beta1).addi(g.mul(1 - beta1));
            v.get(i).muli(beta2).addi(g.square().mul(1 - beta2));
            NDArray denom = v.get(i).div(c2).sqrt().add(1e-8f);
            a.subi(m.get(i).div(c1).div(denom).mul(lr));
        }
    }

    /** @return the steps taken */
    public int steps() {
        return t;
    }

    /** @return the moments m₁..m_n, v₁..v_n (empty before the first step) */
    public NDList state() {
        NDList s = new NDList();
        if (m != null) {
            s.addAll(m);
            s.addAll(v);
        }
        return s;
    }

    /**
     * Restores a saved state.
     *
     * @param steps steps taken
     * @param state moments as from {@link #state()}
     */
    public void restore(int steps, NDList state) {
        t = steps;
        if (state.isEmpty()) {
            return;
        }
        int n = state.size() / 2;
        m = new NDList();
        v = new NDList();
        for (int i = 0; i < state.size(); i++) {
            state.get(i).attach(stateManager);
            (i < n ? m : v).add(state.get(i));
        }
    }
}
