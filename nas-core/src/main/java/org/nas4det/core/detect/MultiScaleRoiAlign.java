package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * RoIAlign over FPN levels (torchvision's {@code MultiScaleRoIAlign}): each RoI goes to the level
 * of the canonical mapping ({@link TwoStageBoxes#level}); the RoIs of a level are pooled together
 * by {@link RoiAlign} and the results are put back in the RoIs' order with one indexing op.
 *
 * <pre>{@code NDArray x = MultiScaleRoiAlign.pool(pyramid, strides, rois, 7, 2, 224, 4); // (R, C, 7, 7)}</pre>
 */
final class MultiScaleRoiAlign {

    private MultiScaleRoiAlign() {}

    /**
     * Pools RoIs from the pyramid.
     *
     * @param features levels finest first, {@code (B, C, H, W)} each
     * @param strides their strides (powers of two; level k has stride 2^k)
     * @param rois batch index and corners, 5 per RoI
     * @param size output side
     * @param samplingRatio samples per bin side
     * @param canonicalSize canonical box side (224)
     * @param canonicalLevel its level (4)
     * @return {@code (R, C, size, size)}
     */
    static NDArray pool(NDList features, int[] strides, float[] rois, int size, int samplingRatio, int canonicalSize,
            int canonicalLevel) {
        int r = rois.length / 5;
        int levels = strides.length;
        int minLevel = Integer.numberOfTrailingZeros(strides[0]);
        float[] corners = new float[4 * r];
        for (int i = 0; i < r; i++) {
            System.arraycopy(rois, 5 * i + 1, corners, 4 * i, 4);
        }
        int[] level = new int[r];
        int[] perLevel = new int[levels];
        for (int i = 0; i < r; i++) {
            level[i] = TwoStageBoxes.level(corners, i, canonicalSize, canonicalLevel, minLevel, minLevel + levels - 1) - minLevel;
            perLevel[level[i]]++;
        }
        NDManager m = features.head().getManager();
        NDList pooled = new NDList();
        long[] order = new long[r];
        int o = 0;
        for (int l = 0; l < levels; l++) {
            if (perLevel[l] == 0) {
                continue;
            }
            float[] sel = new float[5 * perLevel[l]];
            int k = 0;
            for (int i = 0; i < r; i++) {
                if (level[i] == l) {
                    System.arraycopy(rois, 5 * i, sel, 5 * k++, 5);
                    order[o++] = i;
                }
            }
            pooled.add(RoiAlign.apply(features.get(l), m.create(sel, new Shape(perLevel[l], 5)), 1f / strides[l], size,
                    samplingRatio));
        }
        if (pooled.isEmpty()) {
            return m.zeros(new Shape(0, features.head().getShape().get(1), size, size));
        }
        NDArray all = pooled.size() == 1 ? pooled.head() : NDArrays.concat(pooled, 0);
        long[] inverse = new long[r];
        for (int j = 0; j < r; j++) {
            inverse[(int) order[j]] = j;
        }
        return all.get(m.create(inverse));
    }
}
