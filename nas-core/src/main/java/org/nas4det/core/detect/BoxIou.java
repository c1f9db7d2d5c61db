package org.nas4det.core.detect;

/**
 * IoU between two sets of boxes on primitive arrays, for anchor matching.
 *
 * <pre>{@code float[] iou = BoxIou.matrix(anchors, gts); // anchors × gts, row-major}</pre>
 */
public final class BoxIou {

    private BoxIou() {}

    /**
     * Computes the IoU of every box of {@code a} with every box of {@code b}.
     *
     * @param a corners x1 y1 x2 y2, 4 per box
     * @param b corners, 4 per box
     * @return {@code |a| × |b|} IoUs, row-major
     */
    public static float[] matrix(float[] a, float[] b) {
        int n = a.length / 4;
        int m = b.length / 4;
        float[] out = new float[n * m];
        float[] areaB = new float[m];
        for (int j = 0; j < m; j++) {
            areaB[j] = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
        }
        for (int i = 0; i < n; i++) {
            float ax1 = a[4 * i];
            float ay1 = a[4 * i + 1];
            float ax2 = a[4 * i + 2];
            float ay2 = a[4 * i + 3];
            float areaA = (ax2 - ax1) * (ay2 - ay1);
            for (int j = 0; j < m; j++) {
                float w = Math.min(ax2, b[4 * j + 2]) - Math.max(ax1, b[4 * j]);
                if (w <= 0) {
                    continue;
                }
                float h = Math.min(ay2, b[4 * j + 3]) - Math.max(ay1, b[4 * j + 1]);
                if (h <= 0) {
                    continue;
                }
                float inter = w * h;
                out[i * m + j] = inter / (areaA + areaB[j] - inter);
            }
        }
        return out;
    }
}
