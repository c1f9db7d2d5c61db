package org.nas4det.core.detect;

import java.util.Arrays;

/**
 * Batched class-wise non-maximum suppression on whole primitive arrays: boxes of different
 * classes never suppress each other; within a class, a box is dropped when its IoU with a kept,
 * higher-scoring box exceeds the threshold (ties in score keep the earlier box). Areas use the
 * continuous convention (no "+1").
 *
 * <pre>{@code int[] keep = Nms.classWise(boxes, scores, labels, 0.6f, 100);}</pre>
 */
public final class Nms {

    private Nms() {}

    /**
     * Runs class-wise NMS.
     *
     * @param boxes corners x1 y1 x2 y2, 4 per box
     * @param scores one per box
     * @param labels class per box
     * @param iouThreshold suppress above this IoU
     * @param maxKeep keep at most this many (highest scores first); non-positive for all
     * @return indices of the kept boxes, by descending score
     */
    public static int[] classWise(float[] boxes, float[] scores, int[] labels, float iouThreshold, int maxKeep) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Stable: equal scores keep their input order.
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        float[] area = new float[n];
        for (int i = 0; i < n; i++) {
            area[i] = Math.max(0, boxes[4 * i + 2] - boxes[4 * i]) * Math.max(0, boxes[4 * i + 3] - boxes[4 * i + 1]);
        }
        int limit = maxKeep > 0 ? maxKeep : n;
        // Classes never suppress each other: run each class alone (stable, so still by score), then
        // keep the survivors in the global score order; a kept box of another class costs no IoU.
        Integer[] byClass = order.clone();
        Arrays.sort(byClass, (a, b) -> Integer.compare(labels[a], labels[b]));
        boolean[] removed = new boolean[n];
        boolean[] kept = new boolean[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && labels[byClass[end]] == labels[byClass[start]]) {
                end++;
            }
            int keptInClass = 0;
            for (int oi = start; oi < end && keptInClass < limit; oi++) {
                int i = byClass[oi];
                if (removed[i]) {
                    continue;
                }
                kept[i] = true;
                keptInClass++;
                for (int oj = oi + 1; oj < end; oj++) {
                    int j = byClass[oj];
                    if (!removed[j] && iou(boxes, i, j, area) > iouThreshold) {
                        removed[j] = true;
                    }
                }
            }
            start = end;
        }
        int[] keep = new int[Math.min(n, limit)];
        int k = 0;
        for (int oi = 0; oi < n && k < keep.length; oi++) {
            if (kept[order[oi]]) {
                keep[k++] = order[oi];
            }
        }
        return Arrays.copyOf(keep, k);
    }

    /**
     * IoU of two boxes of one array.
     *
     * @param boxes corners, 4 per box
     * @param i first box
     * @param j second box
     * @param area precomputed areas
     * @return the IoU
     */
    static float iou(float[] boxes, int i, int j, float[] area) {
        float w = Math.min(boxes[4 * i + 2], boxes[4 * j + 2]) - Math.max(boxes[4 * i], boxes[4 * j]);
        if (w <= 0) {
            return 0;
        }
        float h = Math.min(boxes[4 * i + 3], boxes[4 * j + 3]) - Math.max(boxes[4 * i + 1], boxes[4 * j + 1]);
        if (h <= 0) {
            return 0;
        }
        float inter = w * h;
        float union = area[i] + area[j] - inter;
        return union > 0 ? inter / union : 0;
    }
}
