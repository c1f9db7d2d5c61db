package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Arrays;

/**
 * The first inference step of dense heads, on the tensor side: among a level's
 * {@code (positions, classes)} scores, those whose class probability passes the threshold, ranked
 * by a (possibly re-weighted) score, top k. Only the k survivors cross into Java.
 *
 * <pre>{@code TopScoringSelection.Top t = TopScoringSelection.top(prob, score, 0.05f, 1000);}</pre>
 */
final class TopScoringSelection {

    private TopScoringSelection() {}

    /** The surviving candidates: flat indices {@code position · K + class} and scores. */
    static final class Top {
        final long[] index;
        final float[] score;

        Top(long[] index, float[] score) {
            this.index = index;
            this.score = score;
        }
    }

    /**
     * Selects candidates.
     *
     * @param prob class probabilities {@code (P, K)}
     * @param score ranking scores {@code (P, K)}
     * @param threshold probability threshold
     * @param k how many to keep at most
     * @return the survivors, best first
     */
    static Top top(NDArray prob, NDArray score, float threshold, int k) {
        NDArray pass = prob.gt(threshold);
        long count = pass.sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
        if (count == 0) {
            return new Top(new long[0], new float[0]);
        }
        NDArray passF = pass.toType(score.getDataType(), false);
        // Failing entries get -1, below every passing score (scores are >= 0).
        NDArray masked = score.mul(passF).add(passF.sub(1f)).flatten();
        int keep = (int) Math.min(count, k);
        NDList top = masked.topK(keep, 0, true, true);
        float[] values = top.get(0).toFloatArray();
        long[] index = top.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        return new Top(Arrays.copyOf(index, keep), Arrays.copyOf(values, keep));
    }
}
