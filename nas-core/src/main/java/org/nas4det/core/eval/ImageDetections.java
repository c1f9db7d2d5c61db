package org.nas4det.core.eval;

/**
 * A detector's output for one image: boxes x1 y1 x2 y2 in original image pixels, scores and
 * contiguous class indices.
 *
 * <pre>{@code ImageDetections d = new ImageDetections(42, boxes, scores, labels);}</pre>
 */
public final class ImageDetections {

    private final long imageId;
    private final float[] boxes;
    private final float[] scores;
    private final int[] labels;

    /**
     * Creates the detections of one image.
     *
     * @param imageId the data set's image id
     * @param boxes corners, 4 per detection
     * @param scores one per detection
     * @param labels contiguous class indices
     */
    public ImageDetections(long imageId, float[] boxes, float[] scores, int[] labels) {
        if (boxes.length != 4 * scores.length || labels.length != scores.length) {
            throw new IllegalArgumentException("boxes, scores and labels differ in count");
        }
        this.imageId = imageId;
        this.boxes = boxes;
        this.scores = scores;
        this.labels = labels;
    }

    /** @return the image id */
    public long imageId() {
        return imageId;
    }

    /** @return the number of detections */
    public int size() {
        return scores.length;
    }

    /** @return box corners, 4 per detection (not copied: do not change) */
    public float[] boxes() {
        return boxes;
    }

    /** @return scores (not copied) */
    public float[] scores() {
        return scores;
    }

    /** @return class indices (not copied) */
    public int[] labels() {
        return labels;
    }
}
