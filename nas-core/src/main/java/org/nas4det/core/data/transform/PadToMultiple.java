package org.nas4det.core.data.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Random;

/**
 * Pads the bottom and right with zeros so both sides are multiples of a number (32 for a
 * stride-32 backbone); boxes do not move.
 *
 * <pre>{@code new PadToMultiple(32)}</pre>
 */
public final class PadToMultiple implements DetectionTransform {

    private final int multiple;

    /**
     * Creates the transform.
     *
     * @param multiple the multiple, e.g. 32
     */
    public PadToMultiple(int multiple) {
        this.multiple = multiple;
    }

    /**
     * Rounds a size up.
     *
     * @param size a size
     * @param multiple the multiple
     * @return the smallest multiple of {@code multiple} not below {@code size}
     */
    public static int roundUp(int size, int multiple) {
        return (size + multiple - 1) / multiple * multiple;
    }

    @Override
    public DetectionExample apply(DetectionExample ex, Random rng) {
        int h = ex.height();
        int w = ex.width();
        int ph = roundUp(h, multiple);
        int pw = roundUp(w, multiple);
        if (ph != h || pw != w) {
            NDArray padded = ex.image.getManager().zeros(new ai.djl.ndarray.types.Shape(ph, pw, ex.image.getShape().get(2)), ex.image.getDataType());
            padded.set(new NDIndex(":{}, :{}, :", h, w), ex.image);
            ex.image = padded;
        }
        return ex;
    }
}
