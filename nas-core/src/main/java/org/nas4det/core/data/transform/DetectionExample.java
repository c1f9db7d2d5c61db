package org.nas4det.core.data.transform;

import ai.djl.ndarray.NDArray;

/**
 * One image and its boxes on their way through the transforms: the image is HWC float32 (pixel
 * values 0..255 until normalised), boxes are x1 y1 x2 y2 in the current image's pixels, and the
 * scale factors say how to map boxes back to the original image.
 *
 * <pre>{@code ex = new ResizeKeepAspect(800, 1333).apply(ex, rng);}</pre>
 *
 * <p>Mutable by design: each transform replaces fields in place; the image it replaces belongs
 * to the same NDManager and is closed with it.
 */
public final class DetectionExample {

    /** The image, HWC float32. */
    public NDArray image;
    /** Box corners x1 y1 x2 y2, 4 per box. */
    public float[] boxes;
    /** Class indices. */
    public int[] labels;
    /** Per box: ignored in training. */
    public boolean[] ignore;
    /** Crowd box corners. */
    public float[] crowdBoxes;
    /** Crowd class indices. */
    public int[] crowdLabels;
    /** Horizontal scale from the original image to the current one. */
    public float scaleX = 1;
    /** Vertical scale from the original image to the current one. */
    public float scaleY = 1;
    /** Whether the image was flipped left-right. */
    public boolean flipped;
    /** Width of the original image. */
    public final int originalWidth;
    /** Height of the original image. */
    public final int originalHeight;
    /** Width of the content before padding. */
    public int contentWidth;
    /** Height of the content before padding. */
    public int contentHeight;

    /**
     * Creates an example.
     *
     * @param image HWC float32 image
     * @param boxes box corners
     * @param labels class indices
     * @param ignore per-box ignore flags
     * @param crowdBoxes crowd box corners
     * @param crowdLabels crowd class indices
     */
    public DetectionExample(
            NDArray image, float[] boxes, int[] labels, boolean[] ignore, float[] crowdBoxes, int[] crowdLabels) {
        this.image = image;
        this.boxes = boxes;
        this.labels = labels;
        this.ignore = ignore;
        this.crowdBoxes = crowdBoxes;
        this.crowdLabels = crowdLabels;
        this.originalHeight = (int) image.getShape().get(0);
        this.originalWidth = (int) image.getShape().get(1);
        this.contentHeight = originalHeight;
        this.contentWidth = originalWidth;
    }

    /** @return current image height */
    public int height() {
        return (int) image.getShape().get(0);
    }

    /** @return current image width */
    public int width() {
        return (int) image.getShape().get(1);
    }
}
