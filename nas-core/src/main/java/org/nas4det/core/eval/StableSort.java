package org.nas4det.core.eval;

/**
 * A stable sort of indices by descending score on primitive arrays: numpy's
 * {@code argsort(-score, kind='mergesort')}, which the reference evaluator uses, without boxing.
 */
final class StableSort {

    private StableSort() {}

    /**
     * Sorts {@code idx[from, to)} so that scores descend; equal scores keep their order.
     *
     * @param idx indices into {@code score}, sorted in place
     * @param from first position
     * @param to one past the last position
     * @param score the keys
     * @param tmp scratch of at least {@code to} entries
     */
    static void byScoreDescending(int[] idx, int from, int to, double[] score, int[] tmp) {
        if (to - from < 2) {
            return;
        }
        if (to - from <= 16) {
            // Insertion sort is stable and fast on short runs.
            for (int i = from + 1; i < to; i++) {
                int v = idx[i];
                int j = i - 1;
                while (j >= from && score[idx[j]] < score[v]) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        byScoreDescending(idx, from, mid, score, tmp);
        byScoreDescending(idx, mid, to, score, tmp);
        if (score[idx[mid - 1]] >= score[idx[mid]]) {
            return;
        }
        System.arraycopy(idx, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            // Take from the left on ties: that keeps the sort stable.
            idx[k++] = score[tmp[j]] > score[tmp[i]] ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            idx[k++] = tmp[i++];
        }
        while (j < to) {
            idx[k++] = tmp[j++];
        }
    }
}
