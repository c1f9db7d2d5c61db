package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant inside a differentiable graph, safe from a use-after-free in the
 * PyTorch engine of DJL 0.35 and still of 0.36.0 (checked: with DJL's own {@code x.div(4f)}
 * and {@code x.mul(4f)}, {@code GraphScalarsTest} fails on 0.36.0).
 *
 * <p>There, {@code x.mul(2f)} (likewise {@code div}, {@code pow}, {@code maximum}, {@code minimum}
 * with a {@code Number}) wraps the constant in a tensor that borrows a direct {@code ByteBuffer}
 * ({@code torch::from_blob}) and closes it as soon as the op returns. Autograd keeps that tensor
 * for the backward pass, but nothing on the Java side keeps the buffer: once a garbage collection
 * runs between forward and backward, its memory is freed and reused, and the backward reads
 * whatever lies there. Measured: {@code x.div(4f)} then {@code System.gc()} and a few new
 * scalars gives the gradient +∞ instead of 0.25; {@code x.mul(4f)} gives −3.9e33. This made FCOS
 * training diverge at random (one non-finite gradient turned the weights to NaN) and made runs
 * with the same seed differ (a wrong but finite gradient now and then, depending on when the
 * collector ran). {@code add} and {@code sub} with a constant are safe: their backward does not
 * read it.
 *
 * <p>The constant made here is an ordinary tensor that owns its memory ({@code torch::full}), so
 * autograd's reference keeps it alive; its handle belongs to the operand's manager.
 *
 * <pre>{@code NDArray loss = sum.div(GraphScalars.of(sum, positives)); // not sum.div(positives)}</pre>
 */
public final class GraphScalars {

    private GraphScalars() {}

    /**
     * Returns a constant as a 0-d tensor of the operand's type, on its device and in its manager.
     *
     * @param like the operand
     * @param value the constant
     * @return a tensor that owns its memory
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
