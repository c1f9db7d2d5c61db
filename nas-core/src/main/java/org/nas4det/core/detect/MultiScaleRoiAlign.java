package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * RoIAlign over FPN levels (torchvision's {@code MultiScaleRoIAlign}): each RoI goes to the level
 * of the canonical mapping ({@link TwoStageBoxes#level}). The channels-last cells of all levels are
 * stacked into one matrix and every RoI samples its own level's block of it, so all RoIs are
 * pooled by one sparse product ({@link RoiAlign}), already in the RoIs' order.
 *
 * <pre>{@code NDArray x = MultiScaleRoiAlign.pool(pyramid, strides, rois, 7, 2, 224, 4, null); // (R, C, 7, 7)}</pre>
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
     * @param into with autograd off, where the pooled features go (see {@link RoiAlign}); null for a new array
     * @return {@code (R, C, size, size)}
     */
    static NDArray pool(NDList features, int[] strides, float[] rois, int size, int samplingRatio, int canonicalSize,
            int canonicalLevel, NDArray into) {
        int r = rois.length / 5;
        int levels = strides.length;
        int minLevel = Integer.numberOfTrailingZeros(strides[0]);
        float[] corners = new float[4 * r];
        for (int i = 0; i < r; i++) {
            System.arraycopy(rois, 5 * i + 1, corners, 4 * i, 4);
        }
        long[] firstColumn = new long[levels];
        NDList cells = new NDList();
        long column = 0;
        for (int l = 0; l < levels; l++) {
            firstColumn[l] = column;
            Shape s = features.get(l).getShape();
            column += s.get(0) * s.get(2) * s.get(3);
            cells.add(RoiAlign.channelsLast(features.get(l)));
        }
        RoiSampling sampling = new RoiSampling(size, samplingRatio, r);
        for (int i = 0; i < r; i++) {
            int l = TwoStageBoxes.level(corners, i, canonicalSize, canonicalLevel, minLevel, minLevel + levels - 1)
                    - minLevel;
            Shape s = features.get(l).getShape();
            int h = (int) s.get(2);
            int w = (int) s.get(3);
            sampling.add(i, rois[5 * i + 1], rois[5 * i + 2], rois[5 * i + 3], rois[5 * i + 4], 1.0 / strides[l], h, w,
                    firstColumn[l] + (long) rois[5 * i] * h * w);
        }
        return RoiAlign.pool(sampling, NDArrays.concat(cells, 0), r, size, RoiAlign.BLOCK_BYTES, into);
    }
}
