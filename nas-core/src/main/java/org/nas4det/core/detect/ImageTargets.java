package org.nas4det.core.detect;

import ai.djl.ndarray.NDList;
import java.util.Arrays;
import org.nas4det.core.data.DetectionTargets;

/**
 * The ground truth of each image of a batch, read once from the padded batched targets into
 * Java arrays: what target assignment (FCOS, anchors) works on.
 *
 * <pre>{@code ImageTargets t = ImageTargets.of(targets, batchSize); float[] boxes = t.boxes(0);}</pre>
 */
final class ImageTargets {

    private final float[] boxes;
    private final int[] classes;
    private final int perImage;

    private ImageTargets(float[] boxes, int[] classes, int perImage) {
        this.boxes = boxes;
        this.classes = classes;
        this.perImage = perImage;
    }

    static ImageTargets of(NDList targets, int batch) {
        int[] classes = targets.get(DetectionTargets.CLASSES).toIntArray();
        return new ImageTargets(targets.get(DetectionTargets.BOXES).toFloatArray(), classes, classes.length / batch);
    }

    /** @return the number of real (unpadded) boxes of an image */
    int count(int image) {
        int g = 0;
        while (g < perImage && classes[image * perImage + g] >= 0) {
            g++;
        }
        return g;
    }

    /** @return an image's box corners, 4 per box */
    float[] boxes(int image) {
        return Arrays.copyOfRange(boxes, image * perImage * 4, (image * perImage + count(image)) * 4);
    }

    /** @return an image's class indices */
    int[] classes(int image) {
        return Arrays.copyOfRange(classes, image * perImage, image * perImage + count(image));
    }
}
