package org.nas4det.core.nn;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;

/**
 * DJL's 2-D convolution, except that on CPU a 1x1 convolution is computed by oneDNN where that
 * was measured faster.
 *
 * <p>Why: libtorch sends an unstrided, undilated 1x1 convolution of fewer than 16 samples, at one
 * intra-op thread, to its own GEMM path ({@code thnn_conv2d}, MKL's sgemm once per sample) instead
 * of oneDNN. On this project's machines (AMD EPYC, AVX-512) oneDNN was 2.1-3.1 times as fast
 * forward and 1.7-2.2 times with the backward on channels-last inputs, and 1.6-2.1 / 1.3-1.9 times
 * on default-format inputs of 128 channels or more; on default-format inputs with fewer channels it
 * was slower in some shapes (up to 4.8 times, forward) (BENCHMARKS.md, "Session 9"). That path was
 * two thirds of MAE-DET's scoring convolutions. Any dilation makes libtorch choose oneDNN, and a
 * 1x1 kernel's output does not depend on its dilation, so the call asks for dilation 2: the same
 * products and sums, rounded as oneDNN rounds them. At two or more threads, or 16 or more samples,
 * libtorch chooses oneDNN anyway and nothing changes, bit for bit.
 *
 * <pre>{@code Block conv = new OneDnnConv2d(Conv2d.builder().setFilters(256).setKernelShape(new Shape(1, 1)));}</pre>
 *
 * <p>Build it with {@code new OneDnnConv2d(Conv2d.builder()...)}: {@code OneDnnConv2d.builder()} is
 * DJL's static method, inherited, and builds a plain {@link Conv2d}. The block cannot see its
 * input's memory format (DJL shows no strides), so it routes only inputs of 128 channels or more
 * unless it was built for channels-last inputs; a caller that knows its input is stored so passes
 * that to {@link #conv2d(NDArray, NDArray, NDArray, Shape, Shape, Shape, int, boolean)}. The block
 * reports the dilation it was built with ({@link #getDilation()}), and saves and loads as a
 * {@link Conv2d}.
 */
public final class OneDnnConv2d extends Conv2d {

    private static final Shape POINTWISE_DILATION = new Shape(2, 2);
    /** Input channels from which oneDNN was faster on default-format inputs too. */
    private static final long DEFAULT_FORMAT_MIN_CHANNELS = 128;
    /** libtorch leaves a single sample of at most this many elements to its own path whatever else. */
    private static final long ONE_DNN_MIN_SINGLE_SAMPLE = 20_480;

    private final boolean channelsLastInput;

    /**
     * Builds the convolution that {@code builder.build()} would, for inputs of unknown format.
     *
     * @param builder a DJL builder with at least the filters and kernel shape set
     */
    public OneDnnConv2d(Conv2d.Builder builder) {
        this(builder, false);
    }

    /**
     * Builds the convolution that {@code builder.build()} would.
     *
     * @param builder a DJL builder with at least the filters and kernel shape set
     * @param channelsLastInput whether its inputs are known to be stored channels-last ({@link ChannelsLast})
     */
    public OneDnnConv2d(Conv2d.Builder builder, boolean channelsLastInput) {
        super(builder);
        Preconditions.checkArgument(kernelShape != null && filters != 0, "OneDnnConv2d needs the builder's setFilters and setKernelShape");
        this.channelsLastInput = channelsLastInput;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        return convolve(x, ps.getValue(weight, device, training), ps.getValue(bias, device, training));
    }

    /**
     * This convolution's stride, padding, dilation, groups and routing applied with other weights
     * (say, with a batch norm folded into them).
     *
     * @param x input (N, C, H, W)
     * @param w weight (F, C / groups, kH, kW)
     * @param b bias (F), or null
     * @return the output
     */
    public NDList convolve(NDArray x, NDArray w, NDArray b) {
        return conv2d(x, w, b, stride, padding, dilation, groups, channelsLastInput);
    }

    /**
     * {@link Conv2d#conv2d(NDArray, NDArray, NDArray, Shape, Shape, Shape, int)}, with a CPU 1x1
     * convolution computed by oneDNN where that was measured faster (see the class comment).
     *
     * @param x input (N, C, H, W)
     * @param w weight (F, C / groups, kH, kW)
     * @param b bias (F), or null
     * @param stride stride
     * @param padding padding
     * @param dilation dilation
     * @param groups groups
     * @param channelsLast whether the caller knows {@code x} is stored channels-last ({@link ChannelsLast})
     * @return the output
     */
    public static NDList conv2d(
            NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation, int groups, boolean channelsLast) {
        return Conv2d.conv2d(x, w, b, stride, padding, routed(x, w, dilation, channelsLast), groups);
    }

    /** The dilation to ask libtorch for: 2 where that only changes which kernel computes a 1x1. */
    static Shape routed(NDArray x, NDArray w, Shape dilation, boolean channelsLast) {
        Shape in = x.getShape();
        Shape k = w.getShape();
        if (in.dimension() != 4 || k.dimension() != 4 || k.get(2) != 1 || k.get(3) != 1) {
            return dilation; // not a 1x1 (or not 2-D: DJL reports that)
        }
        // Measured for float32 on CPU with oneDNN only: without it libtorch would take its slower
        // dilated path, and cuDNN is not concerned. With one small sample libtorch's own path is
        // taken even dilated.
        boolean oneDnnEligible = x.getDataType() == DataType.FLOAT32
                && x.getDevice().getDeviceType().equals(Device.Type.CPU)
                && x.getManager().getEngine().hasCapability(StandardCapabilities.MKLDNN)
                && (in.get(0) > 1 || x.size() > ONE_DNN_MIN_SINGLE_SAMPLE);
        boolean faster = channelsLast || in.get(1) >= DEFAULT_FORMAT_MIN_CHANNELS;
        return oneDnnEligible && faster ? POINTWISE_DILATION : dilation;
    }
}
