package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A scalar operand whose memory the engine owns, for arithmetic that autograd differentiates.
 *
 * <p>DJL's {@code NDArray.mul(Number)}, {@code div(Number)} and the other scalar overloads wrap the
 * number in an array that borrows a Java direct buffer and close it at once. Autograd keeps that
 * array for the backward pass of a product or quotient, and once the garbage collector frees the
 * buffer the backward pass reads freed memory: the gradient is garbage whenever a collection falls
 * between the forward and the backward pass. An operand from {@code NDManager.full} is allocated by
 * the engine and lives as long as autograd needs it.
 *
 * <pre>{@code NDArray loss = sum.div(ScalarOperand.of(sum, n)); // not sum.div(n)}</pre>
 */
public final class ScalarOperand {

    private ScalarOperand() {}

    /**
     * A 0-dimensional array holding a value, with the data type, device and manager of another array.
     *
     * @param like the array it will be combined with
     * @param value the value
     * @return an engine-owned scalar array
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
