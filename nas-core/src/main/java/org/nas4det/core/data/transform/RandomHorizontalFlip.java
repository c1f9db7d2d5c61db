package org.nas4det.core.data.transform;

import java.util.Random;

/**
 * Flips the image left-right with a probability; boxes follow ({@code x1' = W - x2}).
 *
 * <pre>{@code new RandomHorizontalFlip(0.5)}</pre>
 */
public final class RandomHorizontalFlip implements DetectionTransform {

    private final double probability;

    /**
     * Creates the transform.
     *
     * @param probability chance of flipping, 0..1
     */
    public RandomHorizontalFlip(double probability) {
        this.probability = probability;
    }

    @Override
    public DetectionExample apply(DetectionExample ex, Random rng) {
        if (rng.nextDouble() >= probability) {
            return ex;
        }
        ex.image = ex.image.flip(1);
        flip(ex.boxes, ex.width());
        flip(ex.crowdBoxes, ex.width());
        ex.flipped = !ex.flipped;
        return ex;
    }

    /**
     * Mirrors boxes in an image of the given width.
     *
     * @param boxes corners x1 y1 x2 y2, changed in place
     * @param width image width
     */
    static void flip(float[] boxes, int width) {
        for (int i = 0; i < boxes.length; i += 4) {
            float x1 = boxes[i];
            boxes[i] = width - boxes[i + 2];
            boxes[i + 2] = width - x1;
        }
    }
}
