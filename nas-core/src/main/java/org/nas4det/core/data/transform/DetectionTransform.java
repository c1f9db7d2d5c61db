package org.nas4det.core.data.transform;

import java.util.Random;

/**
 * One step of the detection data pipeline; every geometric step moves the boxes with the image.
 *
 * <pre>{@code List<DetectionTransform> t = List.of(new ResizeKeepAspect(128, 128), new RandomHorizontalFlip(0.5), Normalize.imagenet());}</pre>
 */
public interface DetectionTransform {

    /**
     * Transforms an example in place.
     *
     * @param example the example
     * @param rng the sample's own random source (seeded, for reproducible augmentation)
     * @return the same example
     */
    DetectionExample apply(DetectionExample example, Random rng);
}
