package org.nas4det.core.detect;

/**
 * RetinaNet anchors: at every location, 3 scales (2^0, 2^(1/3), 2^(2/3)) × 3 aspect ratios
 * (h/w = 0.5, 1, 2) of a base size 4 × stride, centred on the location; ratio-major order as in
 * mmdetection. Box deltas use weights (1, 1, 1, 1).
 *
 * <pre>{@code float[] a = Anchors.generate(locations); // 4 per anchor, location-major}</pre>
 */
public final class Anchors {

    /** Anchors per location. */
    public static final int PER_LOCATION = 9;
    private static final double[] RATIOS = {0.5, 1, 2};
    private static final double[] SCALES = {1, Math.pow(2, 1.0 / 3), Math.pow(2, 2.0 / 3)};
    /** Largest log-ratio a decoded width or height may take (as detectron2). */
    static final float MAX_LOG_RATIO = (float) Math.log(1000.0 / 16);

    private Anchors() {}

    /**
     * Generates the anchors of every location of every level.
     *
     * @param loc the locations
     * @return corners x1 y1 x2 y2, 4 per anchor, location-major
     */
    public static float[] generate(Locations loc) {
        float[] out = new float[loc.size() * PER_LOCATION * 4];
        int a = 0;
        for (int level = 0; level < loc.levels(); level++) {
            double base = 4.0 * loc.stride(level);
            for (int k = loc.start(level); k < loc.end(level); k++) {
                float x = loc.x(k);
                float y = loc.y(k);
                for (double r : RATIOS) {
                    for (double s : SCALES) {
                        double w = base * s / Math.sqrt(r);
                        double h = base * s * Math.sqrt(r);
                        out[4 * a] = (float) (x - w / 2);
                        out[4 * a + 1] = (float) (y - h / 2);
                        out[4 * a + 2] = (float) (x + w / 2);
                        out[4 * a + 3] = (float) (y + h / 2);
                        a++;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Encodes a box relative to an anchor: {@code ((gx−ax)/aw, (gy−ay)/ah, log(gw/aw), log(gh/ah))}.
     *
     * @param anchors anchor corners
     * @param a anchor index
     * @param boxes box corners
     * @param b box index
     * @param out destination
     * @param o index of the destination row
     */
    static void encode(float[] anchors, int a, float[] boxes, int b, float[] out, int o) {
        float aw = anchors[4 * a + 2] - anchors[4 * a];
        float ah = anchors[4 * a + 3] - anchors[4 * a + 1];
        float ax = anchors[4 * a] + aw / 2;
        float ay = anchors[4 * a + 1] + ah / 2;
        float gw = boxes[4 * b + 2] - boxes[4 * b];
        float gh = boxes[4 * b + 3] - boxes[4 * b + 1];
        float gx = boxes[4 * b] + gw / 2;
        float gy = boxes[4 * b + 1] + gh / 2;
        out[4 * o] = (gx - ax) / aw;
        out[4 * o + 1] = (gy - ay) / ah;
        out[4 * o + 2] = (float) Math.log(gw / aw);
        out[4 * o + 3] = (float) Math.log(gh / ah);
    }

    /**
     * Decodes deltas relative to an anchor into corners.
     *
     * @param anchors anchor corners
     * @param a anchor index
     * @param d deltas
     * @param o index of the delta row
     * @return corners x1 y1 x2 y2
     */
    static float[] decode(float[] anchors, int a, float[] d, int o) {
        float aw = anchors[4 * a + 2] - anchors[4 * a];
        float ah = anchors[4 * a + 3] - anchors[4 * a + 1];
        float ax = anchors[4 * a] + aw / 2;
        float ay = anchors[4 * a + 1] + ah / 2;
        float cx = d[4 * o] * aw + ax;
        float cy = d[4 * o + 1] * ah + ay;
        float w = (float) Math.exp(Math.min(d[4 * o + 2], MAX_LOG_RATIO)) * aw;
        float h = (float) Math.exp(Math.min(d[4 * o + 3], MAX_LOG_RATIO)) * ah;
        return new float[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
    }
}
