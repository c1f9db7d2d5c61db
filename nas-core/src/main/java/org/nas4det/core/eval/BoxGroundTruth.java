package org.nas4det.core.eval;

import java.util.Arrays;

/**
 * Ground-truth boxes of a data set in columnar form, as the COCO evaluator reads them: the
 * image ids and category ids to evaluate, and per annotation its image, category, box
 * {@code [x, y, w, h]}, area (the annotation's own {@code area}, which decides small / medium /
 * large), crowd flag and id.
 *
 * <pre>{@code BoxGroundTruth gt = CocoJson.readGroundTruth(Path.of("instances_val.json"));}</pre>
 */
public final class BoxGroundTruth {

    private final long[] imageIds;
    private final long[] categoryIds;
    private final long[] annImage;
    private final long[] annCategory;
    private final double[] boxes;
    private final double[] area;
    private final boolean[] crowd;
    private final long[] annId;

    private BoxGroundTruth(Builder b) {
        this.imageIds = Arrays.stream(Arrays.copyOf(b.imageIds, b.images)).sorted().distinct().toArray();
        this.categoryIds =
                Arrays.stream(Arrays.copyOf(b.categoryIds, b.categories)).sorted().distinct().toArray();
        int n = b.count;
        this.annImage = Arrays.copyOf(b.annImage, n);
        this.annCategory = Arrays.copyOf(b.annCategory, n);
        this.boxes = Arrays.copyOf(b.boxes, 4 * n);
        this.area = Arrays.copyOf(b.area, n);
        this.crowd = Arrays.copyOf(b.crowd, n);
        this.annId = Arrays.copyOf(b.annId, n);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return image ids, sorted ascending */
    public long[] imageIds() {
        return imageIds.clone();
    }

    /** @return category ids, sorted ascending */
    public long[] categoryIds() {
        return categoryIds.clone();
    }

    /** @return number of annotations */
    public int size() {
        return annImage.length;
    }

    long[] annImage() {
        return annImage;
    }

    long[] annCategory() {
        return annCategory;
    }

    double[] boxes() {
        return boxes;
    }

    double[] area() {
        return area;
    }

    boolean[] crowd() {
        return crowd;
    }

    long[] annId() {
        return annId;
    }

    int imageIndex(long imageId) {
        return Arrays.binarySearch(imageIds, imageId);
    }

    int categoryIndex(long categoryId) {
        return Arrays.binarySearch(categoryIds, categoryId);
    }

    /** Collects images, categories and annotations in file order. */
    public static final class Builder {
        private long[] imageIds = new long[16];
        private int images;
        private long[] categoryIds = new long[16];
        private int categories;
        private long[] annImage = new long[64];
        private long[] annCategory = new long[64];
        private double[] boxes = new double[256];
        private double[] area = new double[64];
        private boolean[] crowd = new boolean[64];
        private long[] annId = new long[64];
        private int count;

        private Builder() {}

        /**
         * Adds an image to evaluate.
         *
         * @param id the image id
         * @return this builder
         */
        public Builder addImage(long id) {
            if (images == imageIds.length) {
                imageIds = Arrays.copyOf(imageIds, images * 2);
            }
            imageIds[images++] = id;
            return this;
        }

        /**
         * Adds a category to evaluate.
         *
         * @param id the category id
         * @return this builder
         */
        public Builder addCategory(long id) {
            if (categories == categoryIds.length) {
                categoryIds = Arrays.copyOf(categoryIds, categories * 2);
            }
            categoryIds[categories++] = id;
            return this;
        }

        /**
         * Adds an annotation; order matters for ties, as in the reference evaluator.
         *
         * @param id the annotation id
         * @param imageId its image
         * @param categoryId its category
         * @param x left
         * @param y top
         * @param w width
         * @param h height
         * @param areaValue its area (COCO's {@code area} field)
         * @param isCrowd whether it is a crowd region
         * @return this builder
         */
        public Builder addAnnotation(
                long id,
                long imageId,
                long categoryId,
                double x,
                double y,
                double w,
                double h,
                double areaValue,
                boolean isCrowd) {
            if (count == annImage.length) {
                int cap = count * 2;
                annImage = Arrays.copyOf(annImage, cap);
                annCategory = Arrays.copyOf(annCategory, cap);
                boxes = Arrays.copyOf(boxes, 4 * cap);
                area = Arrays.copyOf(area, cap);
                crowd = Arrays.copyOf(crowd, cap);
                annId = Arrays.copyOf(annId, cap);
            }
            annImage[count] = imageId;
            annCategory[count] = categoryId;
            boxes[4 * count] = x;
            boxes[4 * count + 1] = y;
            boxes[4 * count + 2] = w;
            boxes[4 * count + 3] = h;
            area[count] = areaValue;
            crowd[count] = isCrowd;
            annId[count] = id;
            count++;
            return this;
        }

        /** @return the ground truth */
        public BoxGroundTruth build() {
            return new BoxGroundTruth(this);
        }
    }
}
