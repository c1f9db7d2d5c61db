package org.nas4det.core.detect;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/**
 * A box head's first fully connected layer on pooled RoI features {@code (R, C, P, P)}, computed as
 * the convolution whose kernel covers the whole pooled map: the layer's own parameters (a
 * {@code Linear} of {@code C·P·P} inputs, flattened in the order C, y, x, reshaped as the kernel
 * {@code (out, C, P, P)}), the same sums, through the engine's convolution instead of its matrix
 * product. On CPU that is oneDNN, which ran frcnn-step's fc6 (1,024 RoIs × 12,544 → 1,024, one
 * thread) in 197 ms forward and 538 ms backward where flatten + matrix product took 278 and 580
 * (2,000 RoIs at test time: 310 against 535), and it reads RoIAlign's channels-last output as it
 * is, without the flattening copy.
 *
 * <p>The kernel the convolution reads is the weight in channels-last order (the pooled map's
 * order); given the weight's own order the engine copies all of it (51 MB for frcnn-step's fc6)
 * on every call. Without gradient the reordered kernel is therefore kept between calls, and reused
 * only while it still equals the weight element for element (reading both costs about a quarter
 * of the copy), so weights changed in place by an optimizer, a loader or anything else are
 * always seen.
 *
 * <pre>{@code PooledFc fc = new PooledFc(); NDArray x = fc.apply(ps, fc6, pooled, training); // (R, out), = fc6(pooled.reshape(R, -1))}</pre>
 */
final class PooledFc {

    // the weight reordered channels-last, kept for calls without gradient; in the weight's manager
    private NDArray inferenceKernel;

    /**
     * Applies a linear layer to pooled features.
     *
     * @param ps the parameter store
     * @param linear an initialised {@code Linear} block of {@code C·P·P} inputs
     * @param pooled {@code (R, C, P, P)}
     * @param training whether the step trains
     * @return {@code (R, out)}
     */
    NDArray apply(ParameterStore ps, Block linear, NDArray pooled, boolean training) {
        Device device = pooled.getDevice();
        NDArray weight = ps.getValue(linear.getParameters().get("weight"), device, training);
        NDArray bias = ps.getValue(linear.getParameters().get("bias"), device, training);
        Shape s = pooled.getShape();
        long out = weight.getShape().get(0);
        Shape kernelShape = new Shape(out, s.get(1), s.get(2), s.get(3));
        if (training) {
            return Conv2d.conv2d(pooled, weight.reshape(kernelShape), bias).head().reshape(s.get(0), out);
        }
        return Conv2d.conv2d(pooled, inferenceKernel(weight, kernelShape), bias).head().reshape(s.get(0), out);
    }

    /** The weight as a channels-last kernel: the kept one while it equals the weight, else a new one. */
    private synchronized NDArray inferenceKernel(NDArray weight, Shape kernelShape) {
        try (NDManager scratch = weight.getManager().newSubManager()) {
            NDArray w = weight.reshape(kernelShape);
            w.attach(scratch);
            if (inferenceKernel != null && !inferenceKernel.isReleased()
                    && inferenceKernel.getManager() == weight.getManager() && inferenceKernel.contentEquals(w)) {
                return inferenceKernel;
            }
            if (inferenceKernel != null && !inferenceKernel.isReleased()) {
                inferenceKernel.close();
            }
            // (out, P, P, C) made contiguous, seen as (out, C, P, P): channels-last strides
            NDArray perm = w.transpose(0, 2, 3, 1);
            NDArray copy = perm.reshape(kernelShape.get(0), kernelShape.get(2), kernelShape.get(3), kernelShape.get(1));
            inferenceKernel = copy.transpose(0, 3, 1, 2).stopGradient();
            inferenceKernel.attach(weight.getManager());
            return inferenceKernel;
        }
    }
}
