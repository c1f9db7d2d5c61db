package org.nas4det.core.eval;

import java.util.Arrays;

/**
 * Detections in COCO result form, columnar: image id, category id (the data set's own ids),
 * box {@code [x, y, w, h]} and score, in the order they were produced.
 *
 * <pre>{@code BoxDetections dt = BoxDetections.builder().add(42, 1, 10, 20, 30, 40, 0.9).build();}</pre>
 */
public final class BoxDetections {

    private final long[] image;
    private final long[] category;
    private final double[] boxes;
    private final double[] score;

    private BoxDetections(Builder b) {
        int n = b.count;
        this.image = Arrays.copyOf(b.image, n);
        this.category = Arrays.copyOf(b.category, n);
        this.boxes = Arrays.copyOf(b.boxes, 4 * n);
        this.score = Arrays.copyOf(b.score, n);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return number of detections */
    public int size() {
        return image.length;
    }

    /**
     * @param i detection index
     * @return its image id
     */
    public long imageId(int i) {
        return image[i];
    }

    /**
     * @param i detection index
     * @return its category id
     */
    public long categoryId(int i) {
        return category[i];
    }

    /**
     * @param i detection index
     * @return its score
     */
    public double score(int i) {
        return score[i];
    }

    /**
     * @param i detection index
     * @return its box {@code [x, y, w, h]}
     */
    public double[] box(int i) {
        return Arrays.copyOfRange(boxes, 4 * i, 4 * i + 4);
    }

    long[] imageArray() {
        return image;
    }

    long[] categoryArray() {
        return category;
    }

    double[] boxArray() {
        return boxes;
    }

    double[] scoreArray() {
        return score;
    }

    /** Collects detections. */
    public static final class Builder {
        private long[] image = new long[64];
        private long[] category = new long[64];
        private double[] boxes = new double[256];
        private double[] score = new double[64];
        private int count;

        private Builder() {}

        /**
         * Adds a detection.
         *
         * @param imageId the image
         * @param categoryId the category (data set id)
         * @param x left
         * @param y top
         * @param w width
         * @param h height
         * @param s score
         * @return this builder
         */
        public Builder add(long imageId, long categoryId, double x, double y, double w, double h, double s) {
            if (count == image.length) {
                int cap = count * 2;
                image = Arrays.copyOf(image, cap);
                category = Arrays.copyOf(category, cap);
                boxes = Arrays.copyOf(boxes, 4 * cap);
                score = Arrays.copyOf(score, cap);
            }
            image[count] = imageId;
            category[count] = categoryId;
            boxes[4 * count] = x;
            boxes[4 * count + 1] = y;
            boxes[4 * count + 2] = w;
            boxes[4 * count + 3] = h;
            score[count] = s;
            count++;
            return this;
        }

        /** @return the detections */
        public BoxDetections build() {
            return new BoxDetections(this);
        }
    }
}
