package org.nas4det.core.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One annotated image: where it is, its size and its boxes as {@code x1, y1, x2, y2} in pixels
 * with contiguous class indices. Crowd regions are kept apart: they are never positives in
 * training and are handled as the COCO evaluator does.
 *
 * <pre>{@code float[] b = sample.boxes(); int n = sample.size(); int label = sample.labels()[0];}</pre>
 */
public final class DetectionSample {

    private final long imageId;
    private final Path file;
    private final int width;
    private final int height;
    private final float[] boxes;
    private final int[] labels;
    private final float[] crowdBoxes;
    private final int[] crowdLabels;
    private final boolean[] ignore;

    /**
     * Creates a sample.
     *
     * @param imageId the data set's image id
     * @param file the image file
     * @param width declared width
     * @param height declared height
     * @param boxes {@code 4 × n} box corners, x1 y1 x2 y2
     * @param labels {@code n} contiguous class indices
     * @param ignore {@code n} flags for boxes to ignore in training (e.g. VOC difficult)
     * @param crowdBoxes crowd boxes, x1 y1 x2 y2
     * @param crowdLabels their class indices
     */
    public DetectionSample(
            long imageId,
            Path file,
            int width,
            int height,
            float[] boxes,
            int[] labels,
            boolean[] ignore,
            float[] crowdBoxes,
            int[] crowdLabels) {
        this.imageId = imageId;
        this.file = file;
        this.width = width;
        this.height = height;
        this.boxes = boxes.clone();
        this.labels = labels.clone();
        this.ignore = ignore.clone();
        this.crowdBoxes = crowdBoxes.clone();
        this.crowdLabels = crowdLabels.clone();
    }

    /** @return the image id */
    public long imageId() {
        return imageId;
    }

    /** @return the image file */
    public Path file() {
        return file;
    }

    /** @return the declared width */
    public int width() {
        return width;
    }

    /** @return the declared height */
    public int height() {
        return height;
    }

    /** @return number of (non-crowd) boxes */
    public int size() {
        return labels.length;
    }

    /** @return box corners x1 y1 x2 y2, 4 per box */
    public float[] boxes() {
        return boxes.clone();
    }

    /** @return class indices */
    public int[] labels() {
        return labels.clone();
    }

    /** @return per box, whether training ignores it (VOC difficult) */
    public boolean[] ignore() {
        return ignore.clone();
    }

    /** @return crowd box corners, 4 per box */
    public float[] crowdBoxes() {
        return crowdBoxes.clone();
    }

    /** @return crowd class indices */
    public int[] crowdLabels() {
        return crowdLabels.clone();
    }

    @Override
    public String toString() {
        return "image " + imageId + " (" + file.getFileName() + ", " + width + "x" + height + ", "
                + labels.length + " boxes " + Arrays.toString(labels) + ")";
    }
}
