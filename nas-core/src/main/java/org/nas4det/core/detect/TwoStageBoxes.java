package org.nas4det.core.detect;

import java.util.Arrays;
import java.util.Random;

/**
 * The box arithmetic of two-stage detectors on primitive arrays, as torchvision: RPN anchors (one
 * size per level, three ratios), the weighted box coder, clipping, the canonical FPN level mapping
 * and the balanced positive/negative sampler.
 *
 * <pre>{@code float[] a = TwoStageBoxes.anchors(new int[][] {{80, 80}}, new int[] {4}, new float[] {32});}</pre>
 */
public final class TwoStageBoxes {

    /** Aspect ratios h/w of the RPN anchors. */
    public static final float[] RATIOS = {0.5f, 1f, 2f};
    /** Largest log-ratio a decoded width or height may take. */
    static final double MAX_LOG_RATIO = Math.log(1000.0 / 16);

    private TwoStageBoxes() {}

    /**
     * torchvision's {@code AnchorGenerator}: per level, at every location {@code (j·s, i·s)}, one
     * anchor per ratio of the level's size, {@code round(±w/2), round(±h/2)} with
     * {@code h = size·√r, w = size/√r}; levels finest first, each location-major.
     *
     * @param sizes {@code {height, width}} of each level
     * @param strides stride of each level
     * @param anchorSizes anchor size of each level
     * @return corners, 4 per anchor
     */
    public static float[] anchors(int[][] sizes, int[] strides, float[] anchorSizes) {
        int total = 0;
        for (int[] s : sizes) {
            total += s[0] * s[1] * RATIOS.length;
        }
        float[] out = new float[4 * total];
        int a = 0;
        for (int l = 0; l < sizes.length; l++) {
            float[] base = new float[4 * RATIOS.length];
            for (int r = 0; r < RATIOS.length; r++) {
                double h = Math.sqrt(RATIOS[r]);
                double ws = anchorSizes[l] / h;
                double hs = anchorSizes[l] * h;
                base[4 * r] = (float) Math.rint(-ws / 2);
                base[4 * r + 1] = (float) Math.rint(-hs / 2);
                base[4 * r + 2] = (float) Math.rint(ws / 2);
                base[4 * r + 3] = (float) Math.rint(hs / 2);
            }
            for (int i = 0; i < sizes[l][0]; i++) {
                for (int j = 0; j < sizes[l][1]; j++) {
                    float x = j * strides[l];
                    float y = i * strides[l];
                    for (int r = 0; r < RATIOS.length; r++) {
                        out[4 * a] = x + base[4 * r];
                        out[4 * a + 1] = y + base[4 * r + 1];
                        out[4 * a + 2] = x + base[4 * r + 2];
                        out[4 * a + 3] = y + base[4 * r + 3];
                        a++;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Encodes a box relative to a reference box with weights {@code (wx, wy, ww, wh)}:
     * {@code (wx·dx/w, wy·dy/h, ww·log(gw/w), wh·log(gh/h))} on centres and sizes.
     *
     * @param ref reference corners
     * @param r reference index
     * @param boxes target corners
     * @param b target index
     * @param w the weights
     * @param out destination
     * @param o destination row
     */
    public static void encode(float[] ref, int r, float[] boxes, int b, float[] w, float[] out, int o) {
        double rw = ref[4 * r + 2] - ref[4 * r];
        double rh = ref[4 * r + 3] - ref[4 * r + 1];
        double rx = ref[4 * r] + 0.5 * rw;
        double ry = ref[4 * r + 1] + 0.5 * rh;
        double gw = boxes[4 * b + 2] - boxes[4 * b];
        double gh = boxes[4 * b + 3] - boxes[4 * b + 1];
        double gx = boxes[4 * b] + 0.5 * gw;
        double gy = boxes[4 * b + 1] + 0.5 * gh;
        out[4 * o] = (float) (w[0] * (gx - rx) / rw);
        out[4 * o + 1] = (float) (w[1] * (gy - ry) / rh);
        out[4 * o + 2] = (float) (w[2] * Math.log(gw / rw));
        out[4 * o + 3] = (float) (w[3] * Math.log(gh / rh));
    }

    /**
     * Decodes deltas (the inverse of {@link #encode}), size log-ratios clamped at log(1000/16).
     *
     * @param ref reference corners
     * @param r reference index
     * @param d deltas
     * @param o delta row
     * @param w the weights
     * @param out destination corners
     * @param q destination row
     */
    public static void decode(float[] ref, int r, float[] d, int o, float[] w, float[] out, int q) {
        double rw = ref[4 * r + 2] - ref[4 * r];
        double rh = ref[4 * r + 3] - ref[4 * r + 1];
        double rx = ref[4 * r] + 0.5 * rw;
        double ry = ref[4 * r + 1] + 0.5 * rh;
        double cx = d[4 * o] / w[0] * rw + rx;
        double cy = d[4 * o + 1] / w[1] * rh + ry;
        double pw = Math.exp(Math.min(d[4 * o + 2] / w[2], MAX_LOG_RATIO)) * rw;
        double ph = Math.exp(Math.min(d[4 * o + 3] / w[3], MAX_LOG_RATIO)) * rh;
        out[4 * q] = (float) (cx - 0.5 * pw);
        out[4 * q + 1] = (float) (cy - 0.5 * ph);
        out[4 * q + 2] = (float) (cx + 0.5 * pw);
        out[4 * q + 3] = (float) (cy + 0.5 * ph);
    }

    /**
     * Clips a box in place to {@code [0, width] × [0, height]}.
     *
     * @param b corners
     * @param i box index
     * @param width image width
     * @param height image height
     */
    static void clip(float[] b, int i, float width, float height) {
        b[4 * i] = Math.min(width, Math.max(0, b[4 * i]));
        b[4 * i + 1] = Math.min(height, Math.max(0, b[4 * i + 1]));
        b[4 * i + 2] = Math.min(width, Math.max(0, b[4 * i + 2]));
        b[4 * i + 3] = Math.min(height, Math.max(0, b[4 * i + 3]));
    }

    /**
     * The FPN level of a RoI: {@code ⌊k0 + log2(√area / s0) + 1e-6⌋} clamped to
     * {@code [min, max]} (torchvision's {@code LevelMapper}).
     *
     * @param boxes corners
     * @param i box index
     * @param canonicalSize s0 (224)
     * @param canonicalLevel k0 (4)
     * @param min finest level
     * @param max coarsest level
     * @return the level
     */
    public static int level(float[] boxes, int i, int canonicalSize, int canonicalLevel, int min, int max) {
        double area = (double) (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
        double k = Math.floor(canonicalLevel + Math.log(Math.sqrt(area) / canonicalSize) / Math.log(2) + 1e-6);
        return (int) Math.max(min, Math.min(max, k));
    }

    /**
     * The balanced sampler: at most {@code batch · fraction} positives drawn at random, then
     * negatives to fill the batch; the rest are ignored.
     *
     * @param labels per element: ≥ 0 positive, {@link AnchorAssigner#NEGATIVE} negative, anything else ignored
     * @param batch elements per image
     * @param fraction largest positive fraction
     * @param rng the random source
     * @return sampled indices, positives first, and the number of positives in the last slot
     */
    public static int[] sample(int[] labels, int batch, float fraction, Random rng) {
        int[] pos = new int[labels.length];
        int[] neg = new int[labels.length];
        int np = 0;
        int nn = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                pos[np++] = i;
            } else if (labels[i] == AnchorAssigner.NEGATIVE) {
                neg[nn++] = i;
            }
        }
        int takePos = Math.min(np, (int) (batch * fraction));
        int takeNeg = Math.min(nn, batch - takePos);
        shuffle(pos, np, takePos, rng);
        shuffle(neg, nn, takeNeg, rng);
        int[] out = new int[takePos + takeNeg + 1];
        System.arraycopy(pos, 0, out, 0, takePos);
        System.arraycopy(neg, 0, out, takePos, takeNeg);
        out[takePos + takeNeg] = takePos;
        return out;
    }

    /** Partial Fisher-Yates: the first {@code k} of the first {@code n} become a uniform random draw. */
    private static void shuffle(int[] a, int n, int k, Random rng) {
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Copies {@code count} boxes out of a larger array.
     *
     * @param boxes corners
     * @param idx indices
     * @param count how many of {@code idx}
     * @return the selected corners
     */
    static float[] select(float[] boxes, int[] idx, int count) {
        float[] out = new float[4 * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(boxes, 4 * idx[i], out, 4 * i, 4);
        }
        return out;
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
