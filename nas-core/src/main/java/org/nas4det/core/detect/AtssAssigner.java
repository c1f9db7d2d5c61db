package org.nas4det.core.detect;

import java.util.Arrays;

/**
 * ATSS assignment (Zhang et al. 2020, as mmdetection's {@code ATSSAssigner}) on one square anchor
 * per location of side {@code octave · stride} centred on the location: for every box, on every
 * level, the {@code topK} (9) anchors whose centres are closest to the box centre are candidates;
 * the IoU threshold of the box is the mean + standard deviation (unbiased, as {@code torch.std}) of
 * its candidates' IoUs; a candidate is positive when its IoU reaches the threshold and its centre
 * lies inside the box (every distance to the sides above 0.01). An anchor positive for several
 * boxes takes the one of highest IoU (the first on ties).
 *
 * <pre>{@code int[] gt = new AtssAssigner(9, 8f).assign(locations, boxes); // box index or -1}</pre>
 */
public final class AtssAssigner {

    private final int topK;
    private final float octave;

    /**
     * Creates the assigner.
     *
     * @param topK candidates per level and box (9)
     * @param octaveScale anchor side in strides (8, GFL's {@code octave_base_scale})
     */
    public AtssAssigner(int topK, float octaveScale) {
        this.topK = topK;
        this.octave = octaveScale;
    }

    /**
     * The anchors: one square per location, {@code octave · stride} wide, centred on it.
     *
     * @param loc the locations
     * @return corners, 4 per location
     */
    public float[] anchors(Locations loc) {
        float[] a = new float[4 * loc.size()];
        for (int l = 0; l < loc.levels(); l++) {
            float half = octave * loc.stride(l) / 2;
            for (int k = loc.start(l); k < loc.end(l); k++) {
                a[4 * k] = loc.x(k) - half;
                a[4 * k + 1] = loc.y(k) - half;
                a[4 * k + 2] = loc.x(k) + half;
                a[4 * k + 3] = loc.y(k) + half;
            }
        }
        return a;
    }

    /**
     * Assigns boxes to locations.
     *
     * @param loc the locations
     * @param boxes box corners, 4 per box
     * @return per location the index of its box, or -1 for background
     */
    public int[] assign(Locations loc, float[] boxes) {
        int n = loc.size();
        int g = boxes.length / 4;
        int[] match = new int[n];
        Arrays.fill(match, -1);
        if (g == 0) {
            return match;
        }
        float[] iou = BoxIou.matrix(anchors(loc), boxes);
        float[] best = new float[n];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int b = 0; b < g; b++) {
            float x1 = boxes[4 * b];
            float y1 = boxes[4 * b + 1];
            float x2 = boxes[4 * b + 2];
            float y2 = boxes[4 * b + 3];
            float cx = (x1 + x2) / 2;
            float cy = (y1 + y2) / 2;
            int[] cand = new int[topK * loc.levels()];
            int count = 0;
            for (int l = 0; l < loc.levels(); l++) {
                int s = loc.start(l);
                int size = loc.end(l) - s;
                int k = Math.min(topK, size);
                double[] dist = new double[size];
                Integer[] order = new Integer[size];
                for (int i = 0; i < size; i++) {
                    double dx = loc.x(s + i) - cx;
                    double dy = loc.y(s + i) - cy;
                    dist[i] = Math.sqrt(dx * dx + dy * dy);
                    order[i] = i;
                }
                Arrays.sort(order, (p, q) -> Double.compare(dist[p], dist[q]));
                for (int i = 0; i < k; i++) {
                    cand[count++] = s + order[i];
                }
            }
            double mean = 0;
            for (int i = 0; i < count; i++) {
                mean += iou[cand[i] * g + b];
            }
            mean /= count;
            double var = 0;
            for (int i = 0; i < count; i++) {
                double d = iou[cand[i] * g + b] - mean;
                var += d * d;
            }
            double threshold = mean + (count > 1 ? Math.sqrt(var / (count - 1)) : 0);
            for (int i = 0; i < count; i++) {
                int a = cand[i];
                float v = iou[a * g + b];
                float x = loc.x(a);
                float y = loc.y(a);
                float inside = Math.min(Math.min(x - x1, y - y1), Math.min(x2 - x, y2 - y));
                if (v >= threshold && inside > 0.01f && v > best[a]) {
                    best[a] = v;
                    match[a] = b;
                }
            }
        }
        return match;
    }
}
