package org.nas4det.core.detect;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.nas4det.core.nn.OneDnnConv2d;

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
 * <pre>{@code NDArray x = PooledFc.apply(ps, fc6, pooled, training); // (R, out), = fc6(pooled.reshape(R, -1))}</pre>
 */
final class PooledFc {

    private PooledFc() {}

    /**
     * Applies a linear layer to pooled features.
     *
     * @param ps the parameter store
     * @param linear an initialised {@code Linear} block of {@code C·P·P} inputs
     * @param pooled {@code (R, C, P, P)}
     * @param training whether the step trains
     * @return {@code (R, out)}
     */
    static NDArray apply(ParameterStore ps, Block linear, NDArray pooled, boolean training) {
        Device device = pooled.getDevice();
        NDArray weight = ps.getValue(linear.getParameters().get("weight"), device, training);
        NDArray bias = ps.getValue(linear.getParameters().get("bias"), device, training);
        Shape s = pooled.getShape();
        long out = weight.getShape().get(0);
        NDArray kernel = weight.reshape(out, s.get(1), s.get(2), s.get(3));
        // A pool size of 1 makes this a 1x1 convolution: OneDnnConv2d then picks the faster kernel.
        Shape one = new Shape(1, 1);
        return OneDnnConv2d.conv2d(pooled, kernel, bias, one, new Shape(0, 0), one, 1, false).head().reshape(s.get(0), out);
    }
}
