package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * Max or average 2-D pooling with PyTorch's semantics (floor mode, padding not counted by the
 * average unless asked), visible to the cost model.
 *
 * <pre>{@code Block pool = Pool2d.max(3, 2, 1);}</pre>
 */
public final class Pool2d extends AbstractBlock implements CostAware {

    private final boolean average;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final boolean computedChannelsLast;

    private Pool2d(
            boolean average,
            int kernel,
            int stride,
            int padding,
            boolean ceilMode,
            boolean countIncludePad,
            boolean computedChannelsLast) {
        this.average = average;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.computedChannelsLast = computedChannelsLast;
    }

    /**
     * Max pooling.
     *
     * @param kernel square kernel size
     * @param stride stride
     * @param padding padding on each side
     * @return the block
     */
    public static Pool2d max(int kernel, int stride, int padding) {
        return new Pool2d(false, kernel, stride, padding, false, false, false);
    }

    /**
     * Average pooling (PyTorch's default {@code count_include_pad=True}).
     *
     * @param kernel square kernel size
     * @param stride stride
     * @param padding padding on each side
     * @return the block
     */
    public static Pool2d avg(int kernel, int stride, int padding) {
        return new Pool2d(true, kernel, stride, padding, false, true, false);
    }

    /**
     * Returns a copy in ceil mode (output size rounded up, as PyTorch's {@code ceil_mode}).
     *
     * @return the block
     */
    public Pool2d ceil() {
        return new Pool2d(average, kernel, stride, padding, true, countIncludePad, computedChannelsLast);
    }

    /**
     * Returns a copy of this max pooling that, in inference, pools a channels-last copy of its input
     * and returns the default format. libtorch's max pooling of a (2, 64, 160, 160) map in the
     * default format took 24 ms at one thread (PyTorch 1.13: 17 ms), channels-last 7 ms, 8 ms with
     * both copies (BENCHMARKS.md, "Session 9"); max pooling compares and copies values, so the output
     * is the same, bit for bit. Training pools as before: there the gain was 3 ms of 27 with the
     * backward, and autograd would keep the channels-last copy of the input alive until the step ends.
     *
     * <pre>{@code Block pool = Pool2d.max(3, 2, 1).computedChannelsLast();}</pre>
     *
     * @return the block
     * @throws IllegalStateException for average pooling, whose sums may round differently
     */
    public Pool2d computedChannelsLast() {
        if (average) {
            throw new IllegalStateException("only max pooling is computed channels-last (an average's sums may round differently)");
        }
        return new Pool2d(average, kernel, stride, padding, ceilMode, countIncludePad, true);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        if (computedChannelsLast && !training && ChannelsLast.pays(x)) {
            // Both copies close at once: an inference pass keeps no graph that needs them.
            try (NDArray cl = ChannelsLast.of(x); NDArray pooled = Pool.maxPool2d(cl, k, s, p, ceilMode)) {
                return new NDList(ChannelsLast.toDefault(pooled));
            }
        }
        return new NDList(average ? Pool.avgPool2d(x, k, s, p, ceilMode, countIncludePad) : Pool.maxPool2d(x, k, s, p, ceilMode));
    }

    private long outSize(long in) {
        long span = in + 2L * padding - kernel;
        long out = (ceilMode ? Math.floorDiv(span + stride - 1, stride) : span / stride) + 1;
        // PyTorch: the last window must start inside the input or left padding.
        if (ceilMode && (out - 1) * stride >= in + padding) {
            out--;
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outSize(in.get(2)), outSize(in.get(3)))};
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] out = getOutputShapes(inputs);
        counter.addPool(CostCounter.elements(inputs[0]), CostCounter.elements(out[0]), average);
        return out;
    }

    @Override
    public String toString() {
        return (average ? "AvgPool2d(" : "MaxPool2d(") + kernel + ", " + stride + ", " + padding + ")";
    }
}
