package org.nas4det.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The channels-last memory format of an (N, C, H, W) array: the same shape and values, stored as
 * (N, H, W, C). libtorch's CPU convolutions (oneDNN) run faster on it, up to twice as fast for
 * 3x3 convolutions of 32 to 64 channels at one thread, and a convolution of a channels-last input
 * returns channels-last output, so one conversion at a network's input carries through every
 * later convolution, batch norm and element-wise op.
 *
 * <pre>{@code NDArray x = ChannelsLast.of(images); NDArray flat = ChannelsLast.flattenStored(conv.forward(x));}</pre>
 */
public final class ChannelsLast {

    private ChannelsLast() {}

    /**
     * Whether the format was measured to pay on the array's device: on CPU (oneDNN), yes; on a GPU
     * it was never measured, so blocks keep the default format there, as PyTorch programs do.
     *
     * <pre>{@code NDArray in = ChannelsLast.pays(x) ? ChannelsLast.of(x) : x;}</pre>
     *
     * @param x an array
     * @return true on CPU
     */
    public static boolean pays(NDArray x) {
        return x.getDevice().getDeviceType().equals(Device.Type.CPU);
    }

    /**
     * Returns a 4-d array stored channels-last: a copy of an array in the default format (the NHWC
     * transpose made contiguous, then seen again as NCHW), or, for an array already stored so
     * (which includes one channel or a 1x1 map, where both formats coincide), a view of it that
     * shares its memory, as DJL's {@code transpose} and {@code reshape} do: keep the input open
     * while the result is used, and do not write into the result expecting the input unchanged.
     *
     * @param x an (N, C, H, W) array in any memory format
     * @return an array with the same shape and values, stored channels-last
     */
    public static NDArray of(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("channels-last needs an (N, C, H, W) array, got " + s);
        }
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        // Flattening the NHWC view cannot be a view: it is the copy in NHWC order.
        try (NDArray nhwc = x.transpose(0, 2, 3, 1); NDArray flat = nhwc.reshape(n, h * w * c); NDArray back = flat.reshape(n, h, w, c)) {
            return back.transpose(0, 3, 1, 2);
        }
    }

    /**
     * Returns a 4-d array stored in the default format: a copy of a channels-last array, or, for an
     * array already stored so, a view of it that shares its memory.
     *
     * @param x an (N, C, H, W) array in any memory format
     * @return an array with the same shape and values, stored (N, C, H, W)
     */
    public static NDArray toDefault(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("the default format of an (N, C, H, W) array needs one, got " + s);
        }
        // Flattening the channels-last array as (N, C·H·W) cannot be a view: it is the copy.
        try (NDArray flat = x.reshape(s.get(0), s.get(1) * s.get(2) * s.get(3))) {
            return flat.reshape(s);
        }
    }

    /**
     * Returns a channels-last array's values as one dimension in their stored (N, H, W, C) order, a
     * view without a copy, for reductions that do not depend on the order (a sum, a mean, a dot
     * product with itself). On an array in the default format it is a correct copy instead.
     *
     * @param x an (N, C, H, W) array
     * @return its values, one dimension
     */
    public static NDArray flattenStored(NDArray x) {
        try (NDArray nhwc = x.transpose(0, 2, 3, 1)) {
            return nhwc.flatten();
        }
    }
}
