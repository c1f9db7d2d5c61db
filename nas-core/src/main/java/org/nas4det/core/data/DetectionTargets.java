package org.nas4det.core.data;

/**
 * The layout of a detection record's labels, per image and batched by {@link TargetBatchifier}:
 * <ol>
 *   <li>{@link #BOXES}: box corners x1 y1 x2 y2 in network-input pixels, float32 {@code (n, 4)},
 *       batched {@code (B, N, 4)} zero-padded;</li>
 *   <li>{@link #CLASSES}: contiguous class indices, int32 {@code (n)}, batched {@code (B, N)}
 *       padded with -1;</li>
 *   <li>{@link #INFO}: float32 {@code (6)}, batched {@code (B, 6)}: content height and width (before
 *       padding), vertical and horizontal scale from the original image, original height and
 *       width;</li>
 *   <li>{@link #IMAGE_ID}: the data set's image id, int64 {@code (1)}, batched {@code (B)}.</li>
 * </ol>
 * Crowd regions and boxes marked ignore (VOC difficult) are not training targets and are left
 * out; evaluation reads them from the {@link DetectionData}.
 *
 * <pre>{@code NDArray boxes = batch.getLabels().get(DetectionTargets.BOXES);}</pre>
 */
public final class DetectionTargets {

    /** Index of the boxes. */
    public static final int BOXES = 0;
    /** Index of the class indices. */
    public static final int CLASSES = 1;
    /** Index of the image info. */
    public static final int INFO = 2;
    /** Index of the image id. */
    public static final int IMAGE_ID = 3;

    /** Info: content height. */
    public static final int INFO_HEIGHT = 0;
    /** Info: content width. */
    public static final int INFO_WIDTH = 1;
    /** Info: vertical scale from the original. */
    public static final int INFO_SCALE_Y = 2;
    /** Info: horizontal scale from the original. */
    public static final int INFO_SCALE_X = 3;
    /** Info: original height. */
    public static final int INFO_ORIGINAL_HEIGHT = 4;
    /** Info: original width. */
    public static final int INFO_ORIGINAL_WIDTH = 5;
    /** Length of the info vector. */
    public static final int INFO_SIZE = 6;

    private DetectionTargets() {}
}
