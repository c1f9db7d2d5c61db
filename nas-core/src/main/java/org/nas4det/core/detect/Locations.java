package org.nas4det.core.detect;

/**
 * The image points of feature-map cells: cell (i, j) of a level with stride s sits at
 * {@code (j·s + ⌊s/2⌋, i·s + ⌊s/2⌋)}, as in FCOS. Levels are concatenated finest first, each in
 * row-major order, which is how heads flatten their outputs.
 *
 * <pre>{@code Locations loc = Locations.of(new int[][] {{16, 16}, {8, 8}}, new int[] {8, 16});}</pre>
 */
public final class Locations {

    private final float[] xy;
    private final int[] levelStart;
    private final int[] strides;

    private Locations(float[] xy, int[] levelStart, int[] strides) {
        this.xy = xy;
        this.levelStart = levelStart;
        this.strides = strides;
    }

    /**
     * Computes the locations of feature maps.
     *
     * @param sizes {@code {height, width}} of each level
     * @param strides stride of each level
     * @return the locations
     */
    public static Locations of(int[][] sizes, int[] strides) {
        int total = 0;
        int[] start = new int[sizes.length + 1];
        for (int l = 0; l < sizes.length; l++) {
            start[l] = total;
            total += sizes[l][0] * sizes[l][1];
        }
        start[sizes.length] = total;
        float[] xy = new float[2 * total];
        for (int l = 0; l < sizes.length; l++) {
            int s = strides[l];
            int k = start[l];
            for (int i = 0; i < sizes[l][0]; i++) {
                for (int j = 0; j < sizes[l][1]; j++) {
                    xy[2 * k] = j * s + s / 2;
                    xy[2 * k + 1] = i * s + s / 2;
                    k++;
                }
            }
        }
        return new Locations(xy, start, strides.clone());
    }

    /** @return the number of locations over all levels */
    public int size() {
        return levelStart[levelStart.length - 1];
    }

    /** @return the number of levels */
    public int levels() {
        return strides.length;
    }

    /**
     * @param k location index
     * @return its x
     */
    public float x(int k) {
        return xy[2 * k];
    }

    /**
     * @param k location index
     * @return its y
     */
    public float y(int k) {
        return xy[2 * k + 1];
    }

    /**
     * @param level a level
     * @return index of its first location
     */
    public int start(int level) {
        return levelStart[level];
    }

    /**
     * @param level a level
     * @return one past its last location
     */
    public int end(int level) {
        return levelStart[level + 1];
    }

    /**
     * @param level a level
     * @return its stride
     */
    public int stride(int level) {
        return strides[level];
    }
}
