package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * Feature pyramid network: 1×1 laterals, a top-down path (nearest upsampling ×2 and sum) and 3×3
 * output convs on any number of input levels, plus optional extra levels by 3×3 stride-2 convs
 * (P6 from the top output or from the top input, P7 from ReLU(P6)). Convs have biases and no
 * norm, as in FCOS and RetinaNet; initialised as FCOS does (kaiming uniform, a = 1, zero bias).
 *
 * <pre>{@code Fpn fpn = Fpn.builder().setInputs(List.of(128, 256, 512), List.of(8, 16, 32)).optExtraLevels(2).build();}</pre>
 */
public final class Fpn extends AbstractBlock implements CostAware {

    /** DJL's interpolation mode code for nearest ({@code JniUtils.interpolate}). */
    private static final int NEAREST = 0;

    private final List<Block> laterals = new ArrayList<>();
    private final List<Block> outputs = new ArrayList<>();
    private final List<Block> extras = new ArrayList<>();
    private final Act relu = Act.relu();
    private final boolean extraFromInput;
    private final int channels;
    private final List<Integer> strides = new ArrayList<>();

    private Fpn(Builder b) {
        this.channels = b.channels;
        this.extraFromInput = b.extraFromInput;
        for (int i = 0; i < b.inChannels.size(); i++) {
            laterals.add(addChildBlock("lateral" + i, conv(1, 1)));
            outputs.add(addChildBlock("output" + i, conv(3, 1)));
            strides.add(b.inStrides.get(i));
        }
        int top = b.inStrides.get(b.inStrides.size() - 1);
        for (int e = 0; e < b.extraLevels; e++) {
            extras.add(addChildBlock("extra" + e, conv(3, 2)));
            top *= 2;
            strides.add(top);
        }
        setInitializer(TorchInitializers.kaimingUniform(1), ai.djl.nn.Parameter.Type.WEIGHT);
        setInitializer(TorchInitializers.constant(0), ai.djl.nn.Parameter.Type.BIAS);
    }

    private Block conv(int kernel, int stride) {
        int pad = kernel / 2;
        return new OneDnnConv2d(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad)));
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the output channels of every level */
    public int channels() {
        return channels;
    }

    /** @return the stride of every output level, finest first */
    public List<Integer> strides() {
        return List.copyOf(strides);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        int n = laterals.size();
        Preconditions.checkArgument(inputs.size() == n, "FPN expects %s levels, got %s", n, inputs.size());
        NDArray[] lat = new NDArray[n];
        for (int i = 0; i < n; i++) {
            lat[i] = laterals.get(i).forward(ps, new NDList(inputs.get(i)), training, params).head();
        }
        for (int i = n - 2; i >= 0; i--) {
            lat[i] = lat[i].add(upsampleTo(lat[i + 1], lat[i].getShape()));
        }
        NDList out = new NDList();
        for (int i = 0; i < n; i++) {
            out.add(outputs.get(i).forward(ps, new NDList(lat[i]), training, params).head());
        }
        NDArray prev = extraFromInput ? inputs.get(n - 1) : out.get(n - 1);
        for (int e = 0; e < extras.size(); e++) {
            NDArray in = e == 0 ? prev : relu.apply(prev);
            prev = extras.get(e).forward(ps, new NDList(in), training, params).head();
            out.add(prev);
        }
        return out;
    }

    /**
     * Nearest-neighbour ×2 upsampling, cropped to the finer level's size. The engine's nearest
     * interpolation to twice the size (PyTorch's {@code upsample_nearest2d}, which torchvision's FPN
     * uses) copies each value into its 2×2 block as two {@code repeat}s did, in one pass forward and
     * one backward, where the repeats' backward summed an expanded copy (about 30 ms of frcnn-step's
     * training step).
     */
    static NDArray upsampleTo(NDArray x, Shape target) {
        Shape s0 = x.getShape();
        NDArray up = JniUtils.interpolate((PtNDArray) x, new long[] {2 * s0.get(2), 2 * s0.get(3)}, NEAREST, false);
        Shape s = up.getShape();
        if (s.get(2) != target.get(2) || s.get(3) != target.get(3)) {
            up = up.get(new NDIndex(":, :, :{}, :{}", target.get(2), target.get(3)));
        }
        return up;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < laterals.size(); i++) {
            out.add(outputs.get(i).getOutputShapes(laterals.get(i).getOutputShapes(new Shape[] {inputShapes[i]}))[0]);
        }
        Shape prev = extraFromInput ? inputShapes[laterals.size() - 1] : out.get(out.size() - 1);
        for (Block e : extras) {
            prev = e.getOutputShapes(new Shape[] {prev})[0];
            out.add(prev);
        }
        return out.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < laterals.size(); i++) {
            laterals.get(i).initialize(manager, dataType, inputShapes[i]);
            outputs.get(i).initialize(manager, dataType, laterals.get(i).getOutputShapes(new Shape[] {inputShapes[i]}));
        }
        Shape[] all = getOutputShapes(inputShapes);
        Shape prev = extraFromInput ? inputShapes[laterals.size() - 1] : all[laterals.size() - 1];
        for (Block e : extras) {
            e.initialize(manager, dataType, prev);
            prev = e.getOutputShapes(new Shape[] {prev})[0];
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < laterals.size(); i++) {
            Shape[] l = counter.visit("lateral" + i, laterals.get(i), inputs[i]);
            out.add(counter.visit("output" + i, outputs.get(i), l)[0]);
        }
        Shape prev = extraFromInput ? inputs[laterals.size() - 1] : out.get(out.size() - 1);
        for (int e = 0; e < extras.size(); e++) {
            if (e > 0) {
                counter.addActivation(CostCounter.elements(prev));
            }
            prev = counter.visit("extra" + e, extras.get(e), prev)[0];
            out.add(prev);
        }
        return out.toArray(new Shape[0]);
    }

    /** Builds an {@link Fpn}. */
    public static final class Builder {
        private List<Integer> inChannels;
        private List<Integer> inStrides;
        private int channels = 256;
        private int extraLevels = 2;
        private boolean extraFromInput;

        private Builder() {}

        /**
         * Sets the input levels (required).
         *
         * @param inputChannels channels of each input level, finest first; at least one
         * @param inputStrides strides of each input level, as many
         * @return this builder
         */
        public Builder setInputs(List<Integer> inputChannels, List<Integer> inputStrides) {
            Preconditions.checkNotNull(inputChannels, "setInputs: null channels");
            Preconditions.checkNotNull(inputStrides, "setInputs: null strides");
            Preconditions.checkArgument(!inputChannels.isEmpty(), "setInputs: needs at least one input level");
            Preconditions.checkArgument(inputChannels.size() == inputStrides.size(),
                    "setInputs: %s channels but %s strides", inputChannels.size(), inputStrides.size());
            this.inChannels = List.copyOf(inputChannels);
            this.inStrides = List.copyOf(inputStrides);
            return this;
        }

        /**
         * Sets the output channels (default 256).
         *
         * @param c channels
         * @return this builder
         */
        public Builder optChannels(int c) {
            Preconditions.checkArgument(c >= 1, "optChannels: must be >= 1, got %s", c);
            this.channels = c;
            return this;
        }

        /**
         * Sets the number of extra levels above the inputs (default 2: P6, P7).
         *
         * @param n 0, 1 or 2 or more
         * @return this builder
         */
        public Builder optExtraLevels(int n) {
            Preconditions.checkArgument(n >= 0, "optExtraLevels: must be >= 0, got %s", n);
            this.extraLevels = n;
            return this;
        }

        /**
         * Takes P6 from the top input (C5) instead of the top output (P5).
         *
         * @param fromInput true for C5
         * @return this builder
         */
        public Builder optExtraFromInput(boolean fromInput) {
            this.extraFromInput = fromInput;
            return this;
        }

        /**
         * Builds the FPN.
         *
         * @return the FPN
         * @throws IllegalStateException naming {@code setInputs} when it was not called
         */
        public Fpn build() {
            Preconditions.checkState(inChannels != null, "Fpn.Builder: setInputs is required");
            return new Fpn(this);
        }
    }
}
