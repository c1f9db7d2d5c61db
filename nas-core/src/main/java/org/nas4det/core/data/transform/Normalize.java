package org.nas4det.core.data.transform;

import java.util.Random;

/**
 * Subtracts a per-channel mean and divides by a per-channel std, on 0..255 pixel values.
 *
 * <pre>{@code Normalize.imagenet()}</pre>
 */
public final class Normalize implements DetectionTransform {

    private final float[] mean;
    private final float[] std;

    /**
     * Creates the transform.
     *
     * @param mean per-channel mean (RGB, 0..255 scale)
     * @param std per-channel std (0..255 scale)
     */
    public Normalize(float[] mean, float[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** @return ImageNet statistics as torchvision and mmdetection use them */
    public static Normalize imagenet() {
        return new Normalize(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f});
    }

    @Override
    public DetectionExample apply(DetectionExample ex, Random rng) {
        var m = ex.image.getManager();
        ex.image = ex.image.sub(m.create(mean)).div(m.create(std));
        return ex;
    }
}
