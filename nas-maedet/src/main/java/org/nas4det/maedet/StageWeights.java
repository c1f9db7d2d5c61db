package org.nas4det.maedet;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The multi-scale entropy prior: one weight per stage for the stage entropies H_i. MAE-DET's code
 * default is (0, 0, 1, 1, 6): C1 and C2 ignored, C3 and C4 weighted 1, C5 weighted 6.
 *
 * <pre>{@code StageWeights w = StageWeights.of(0, 0, 1, 1, 6);}</pre>
 */
public final class StageWeights implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] alpha;

    private StageWeights(double[] alpha) {
        this.alpha = alpha.clone();
    }

    /** @return MAE-DET's default (0, 0, 1, 1, 6) */
    public static StageWeights maeDet() {
        return of(0, 0, 1, 1, 6);
    }

    /**
     * Custom weights.
     *
     * @param alpha one weight per stage
     * @return the weights
     */
    public static StageWeights of(double... alpha) {
        return new StageWeights(alpha);
    }

    /**
     * Combines stage entropies.
     *
     * @param h H_i per stage
     * @return Σ α_i H_i
     * @throws IllegalArgumentException when the stage counts differ
     */
    public double combine(double[] h) {
        if (h.length != alpha.length) {
            throw new IllegalArgumentException("the structure has " + h.length + " stages but the stage weights "
                    + Arrays.toString(alpha) + " have " + alpha.length);
        }
        double s = 0;
        for (int i = 0; i < h.length; i++) {
            s += alpha[i] * h[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StageWeights && Arrays.equals(alpha, ((StageWeights) o).alpha);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(alpha);
    }

    @Override
    public String toString() {
        return Arrays.toString(alpha);
    }
}
