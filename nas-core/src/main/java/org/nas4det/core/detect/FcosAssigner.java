package org.nas4det.core.detect;

/**
 * FCOS target assignment ("imprv"): a location is a candidate for a box when it lies inside the
 * box (or, with centre sampling, inside the box's centre ± radius·stride clipped to the box) and
 * the largest of its distances (l, t, r, b) is within the level's range, both bounds inclusive;
 * among several candidates the box of smallest area wins (the first on ties). Regression targets
 * are the distances divided by the stride; the centre-ness target is
 * √[(min(l,r)/max(l,r))·(min(t,b)/max(t,b))].
 *
 * <pre>{@code FcosAssigner.Targets t = new FcosAssigner(1.5f).assign(locations, boxes, labels);}</pre>
 */
public final class FcosAssigner {

    /** Size ranges of FCOS's five levels P3..P7. */
    public static final double[][] DEFAULT_RANGES = {{-1, 64}, {64, 128}, {128, 256}, {256, 512}, {512, 1e8}};

    private final float radius;

    /**
     * Creates the assigner.
     *
     * @param centerSamplingRadius radius in strides (1.5 for imprv); 0 turns centre sampling off
     */
    public FcosAssigner(float centerSamplingRadius) {
        this.radius = centerSamplingRadius;
    }

    /**
     * Returns the size range of a level: FCOS's for five levels, else doubling from 64 with the
     * first level open below and the last open above.
     *
     * @param level the level
     * @param levels how many levels
     * @return {@code {lo, hi}}
     */
    public static double[] range(int level, int levels) {
        if (levels == DEFAULT_RANGES.length) {
            return DEFAULT_RANGES[level];
        }
        double lo = level == 0 ? -1 : 64.0 * (1 << (level - 1));
        double hi = level == levels - 1 ? 1e8 : 64.0 * (1 << level);
        return new double[] {lo, hi};
    }

    /** Per-location targets of one image. */
    public static final class Targets {
        /** Class index per location, -1 for background. */
        public final int[] labels;
        /** l, t, r, b per location, divided by the stride (zero on background). */
        public final float[] regression;
        /** Centre-ness target per location (zero on background). */
        public final float[] centerness;
        /** Number of positive locations. */
        public final int positives;

        Targets(int[] labels, float[] regression, float[] centerness, int positives) {
            this.labels = labels;
            this.regression = regression;
            this.centerness = centerness;
            this.positives = positives;
        }
    }

    /**
     * Assigns the boxes of one image to locations.
     *
     * @param loc the locations of all levels
     * @param boxes box corners x1 y1 x2 y2, 4 per box
     * @param classes class index per box
     * @return the targets
     */
    public Targets assign(Locations loc, float[] boxes, int[] classes) {
        int n = loc.size();
        int g = classes.length;
        int[] labels = new int[n];
        float[] reg = new float[4 * n];
        float[] ctr = new float[n];
        java.util.Arrays.fill(labels, -1);
        float[] area = new float[g];
        for (int b = 0; b < g; b++) {
            area[b] = (boxes[4 * b + 2] - boxes[4 * b]) * (boxes[4 * b + 3] - boxes[4 * b + 1]);
        }
        int positives = 0;
        for (int level = 0; level < loc.levels(); level++) {
            double[] range = range(level, loc.levels());
            float stride = loc.stride(level);
            for (int k = loc.start(level); k < loc.end(level); k++) {
                float x = loc.x(k);
                float y = loc.y(k);
                int best = -1;
                float bestArea = Float.MAX_VALUE;
                for (int b = 0; b < g; b++) {
                    float x1 = boxes[4 * b];
                    float y1 = boxes[4 * b + 1];
                    float x2 = boxes[4 * b + 2];
                    float y2 = boxes[4 * b + 3];
                    float l = x - x1;
                    float t = y - y1;
                    float r = x2 - x;
                    float bt = y2 - y;
                    if (radius > 0) {
                        float cx = (x1 + x2) / 2;
                        float cy = (y1 + y2) / 2;
                        float rs = radius * stride;
                        float sx1 = Math.max(cx - rs, x1);
                        float sy1 = Math.max(cy - rs, y1);
                        float sx2 = Math.min(cx + rs, x2);
                        float sy2 = Math.min(cy + rs, y2);
                        if (!(x - sx1 > 0 && y - sy1 > 0 && sx2 - x > 0 && sy2 - y > 0)) {
                            continue;
                        }
                    } else if (!(l > 0 && t > 0 && r > 0 && bt > 0)) {
                        continue;
                    }
                    float m = Math.max(Math.max(l, t), Math.max(r, bt));
                    if (m < range[0] || m > range[1]) {
                        continue;
                    }
                    if (area[b] < bestArea) {
                        bestArea = area[b];
                        best = b;
                    }
                }
                if (best < 0) {
                    continue;
                }
                float l = x - boxes[4 * best];
                float t = y - boxes[4 * best + 1];
                float r = boxes[4 * best + 2] - x;
                float bt = boxes[4 * best + 3] - y;
                labels[k] = classes[best];
                reg[4 * k] = l / stride;
                reg[4 * k + 1] = t / stride;
                reg[4 * k + 2] = r / stride;
                reg[4 * k + 3] = bt / stride;
                ctr[k] = (float) Math.sqrt((Math.min(l, r) / Math.max(l, r)) * (Math.min(t, bt) / Math.max(t, bt)));
                positives++;
            }
        }
        return new Targets(labels, reg, ctr, positives);
    }
}
