package org.nas4det.core.detect;

/**
 * RetinaNet's IoU assignment: an anchor is positive when its best IoU with a box is ≥ 0.5,
 * negative when < 0.4, ignored in between; each box's best anchors (IoU > 0) are positive too
 * ("low-quality matches", as detectron2), so that no box goes without an anchor.
 *
 * <pre>{@code AnchorAssigner.Result r = new AnchorAssigner(0.5f, 0.4f).assign(anchors, boxes);}</pre>
 */
public final class AnchorAssigner {

    /** Label of a negative anchor. */
    public static final int NEGATIVE = -1;
    /** Label of an ignored anchor. */
    public static final int IGNORE = -2;

    private final float positive;
    private final float negative;

    /**
     * Creates the assigner.
     *
     * @param positiveIou IoU at or above which an anchor is positive
     * @param negativeIou IoU below which an anchor is negative
     */
    public AnchorAssigner(float positiveIou, float negativeIou) {
        this.positive = positiveIou;
        this.negative = negativeIou;
    }

    /**
     * Assigns boxes to anchors.
     *
     * @param anchors anchor corners, 4 per anchor
     * @param boxes box corners, 4 per box
     * @return per anchor the matched box index, {@link #NEGATIVE} or {@link #IGNORE}
     */
    public int[] assign(float[] anchors, float[] boxes) {
        int n = anchors.length / 4;
        int g = boxes.length / 4;
        int[] match = new int[n];
        java.util.Arrays.fill(match, NEGATIVE);
        if (g == 0) {
            return match;
        }
        float[] iou = BoxIou.matrix(anchors, boxes);
        float[] bestPerBox = new float[g];
        int[] argmax = new int[n];
        for (int a = 0; a < n; a++) {
            float best = -1;
            for (int b = 0; b < g; b++) {
                float v = iou[a * g + b];
                if (v > best) {
                    best = v;
                    argmax[a] = b;
                }
                bestPerBox[b] = Math.max(bestPerBox[b], v);
            }
            match[a] = best >= positive ? argmax[a] : best < negative ? NEGATIVE : IGNORE;
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < g; b++) {
                float v = iou[a * g + b];
                if (v > 0 && v == bestPerBox[b]) {
                    match[a] = argmax[a];
                }
            }
        }
        return match;
    }
}
