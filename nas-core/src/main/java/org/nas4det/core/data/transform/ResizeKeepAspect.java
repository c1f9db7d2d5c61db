package org.nas4det.core.data.transform;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import java.util.Random;

/**
 * Resizes so that the short side reaches {@code shortSide} unless the long side would exceed
 * {@code maxLongSide} (mmdetection's "keep ratio" rescale); boxes scale with the image.
 *
 * <pre>{@code new ResizeKeepAspect(800, 1333)}</pre>
 */
public final class ResizeKeepAspect implements DetectionTransform {

    private final int shortSide;
    private final int maxLongSide;

    /**
     * Creates the transform.
     *
     * @param shortSide target short side
     * @param maxLongSide largest long side allowed
     */
    public ResizeKeepAspect(int shortSide, int maxLongSide) {
        if (shortSide <= 0 || maxLongSide < shortSide) {
            throw new IllegalArgumentException("need 0 < shortSide <= maxLongSide");
        }
        this.shortSide = shortSide;
        this.maxLongSide = maxLongSide;
    }

    /**
     * Returns the output size for an input size.
     *
     * @param width input width
     * @param height input height
     * @return {@code {width, height}} after resizing
     */
    public int[] outputSize(int width, int height) {
        double scale = Math.min(shortSide / (double) Math.min(width, height), maxLongSide / (double) Math.max(width, height));
        return new int[] {(int) (width * scale + 0.5), (int) (height * scale + 0.5)};
    }

    @Override
    public DetectionExample apply(DetectionExample ex, Random rng) {
        int w = ex.width();
        int h = ex.height();
        int[] size = outputSize(w, h);
        if (size[0] != w || size[1] != h) {
            ex.image = NDImageUtils.resize(ex.image, size[0], size[1], Image.Interpolation.BILINEAR);
        }
        float sx = size[0] / (float) w;
        float sy = size[1] / (float) h;
        scale(ex.boxes, sx, sy);
        scale(ex.crowdBoxes, sx, sy);
        ex.scaleX *= sx;
        ex.scaleY *= sy;
        ex.contentWidth = size[0];
        ex.contentHeight = size[1];
        return ex;
    }

    private static void scale(float[] boxes, float sx, float sy) {
        for (int i = 0; i < boxes.length; i += 4) {
            boxes[i] *= sx;
            boxes[i + 1] *= sy;
            boxes[i + 2] *= sx;
            boxes[i + 3] *= sy;
        }
    }
}
