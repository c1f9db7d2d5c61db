package org.nas4det.core.data;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Decodes every image of a data set once, before work that would otherwise meet a broken image
 * (truncated, not an image, another size than annotated) only when it first reads it, possibly
 * after hours of training. At the sizes this library trains on a full decode costs milliseconds
 * per image.
 *
 * <pre>{@code ImageCheck.decodeAll(train); ImageCheck.decodeAll(val);}</pre>
 */
public final class ImageCheck {

    // Data sets already checked (e.g. the same split trained on twice): checked once per process.
    private static final Set<DetectionData> CHECKED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private ImageCheck() {}

    /**
     * Decodes every image of a data set and checks its size.
     *
     * @param data the data set, or null for none
     * @throws MissingImageException naming the annotation file, the image id and the image file
     * @throws ImageSizeMismatchException when an image's size differs from its annotation
     */
    public static void decodeAll(DetectionData data) {
        if (data == null || CHECKED.contains(data)) {
            return;
        }
        for (DetectionSample s : data.samples()) {
            DetectionDataset.decode(data, s);
        }
        CHECKED.add(data);
    }
}
