package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * Convolution (no bias) + BatchNorm + optional activation: the unit of every CNN backbone.
 *
 * <pre>{@code Block b = ConvBnAct.builder().setChannels(64).setKernel(3).optStride(2).build();}</pre>
 */
public final class ConvBnAct extends AbstractBlock implements CostAware {

    private final OneDnnConv2d conv;
    private final Block bn;
    private final Act act;
    /** The BN folded into the convolution while a {@link BnFolding} is open; null otherwise. */
    private NDArray foldedWeight;
    private NDArray foldedBias;

    private ConvBnAct(Builder b) {
        int pad = b.padding >= 0 ? b.padding : b.dilation * (b.kernel - 1) / 2;
        conv =
                addChildBlock(
                        "conv",
                        new OneDnnConv2d(
                                Conv2d.builder()
                                .setFilters(b.channels)
                                .setKernelShape(new Shape(b.kernel, b.kernel))
                                .optStride(new Shape(b.stride, b.stride))
                                .optPadding(new Shape(pad, pad))
                                .optDilation(new Shape(b.dilation, b.dilation))
                                .optGroups(b.groups)
                                .optBias(false),
                                b.channelsLastInput));
        bn = addChildBlock("bn", new BatchNorm2d());
        act = b.activation == null ? null : addChildBlock("act", Act.of(b.activation));
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the convolution */
    public Block conv() {
        return conv;
    }

    /** @return the BatchNorm */
    public Block batchNorm() {
        return bn;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x;
        if (foldedWeight != null && !training) {
            x = conv.convolve(inputs.singletonOrThrow(), foldedWeight, foldedBias);
        } else {
            x = conv.forward(ps, inputs, training, params);
            x = bn.forward(ps, x, training, params);
        }
        return act == null ? x : act.forward(ps, x, training, params);
    }

    /**
     * Folds the BN's running statistics and affine part into the convolution: {@code w' = w·s},
     * {@code b' = β − μ·s} with {@code s = γ / sqrt(σ² + ε)} per output channel, so that an
     * inference forward is one convolution with bias instead of a convolution and a pass of BN
     * over its output. Training forwards ignore it.
     *
     * @param manager owns the folded arrays
     */
    void fold(NDManager manager) {
        if (foldedWeight != null) {
            // Refolding would close the open folding's arrays, and this one's close would unfold it for both.
            throw new IllegalStateException("this conv-BN pair is already folded: close that BnFolding first");
        }
        BatchNorm2d b = (BatchNorm2d) bn;
        NDArray w = conv.getParameters().get("weight").getArray();
        // The intermediates close with the scope; the two results move to the caller's manager.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray scale = b.gamma().getArray().div(b.runningVar().getArray().add(b.epsilon()).sqrt());
            NDArray fw = w.mul(scale.reshape(-1, 1, 1, 1));
            NDArray fb = b.beta().getArray().sub(b.runningMean().getArray().mul(scale));
            NDScope.unregister(fw);
            NDScope.unregister(fb);
            fw.attach(manager);
            fb.attach(manager);
            foldedWeight = fw;
            foldedBias = fb;
        }
    }

    /** Returns to the convolution and BN as they are (closing the folded arrays). */
    void unfold() {
        if (foldedWeight != null) {
            foldedWeight.close();
            foldedBias.close();
            foldedWeight = null;
            foldedBias = null;
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        Shape[] out = conv.getOutputShapes(inputShapes);
        bn.initialize(manager, dataType, out);
        if (act != null) {
            act.initialize(manager, dataType, out);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] out = counter.visit("conv", conv, inputs);
        out = counter.visit("bn", bn, out);
        return act == null ? out : counter.visit("act", act, out);
    }

    /** Builds a {@link ConvBnAct}. */
    public static final class Builder {
        private int channels;
        private int kernel;
        private int stride = 1;
        private int padding = -1;
        private int dilation = 1;
        private int groups = 1;
        private Act.Kind activation = Act.Kind.RELU;
        private boolean channelsLastInput;

        private Builder() {}

        /**
         * Sets the output channels (required).
         *
         * @param c channels, 1 or more
         * @return this builder
         */
        public Builder setChannels(int c) {
            Preconditions.checkArgument(c >= 1, "setChannels: must be >= 1, got %s", c);
            this.channels = c;
            return this;
        }

        /**
         * Sets the square kernel size (required).
         *
         * @param k kernel size, 1 or more
         * @return this builder
         */
        public Builder setKernel(int k) {
            Preconditions.checkArgument(k >= 1, "setKernel: must be >= 1, got %s", k);
            this.kernel = k;
            return this;
        }

        /**
         * Sets the stride (default 1).
         *
         * @param s stride
         * @return this builder
         */
        public Builder optStride(int s) {
            Preconditions.checkArgument(s >= 1, "optStride: must be >= 1, got %s", s);
            this.stride = s;
            return this;
        }

        /**
         * Sets the padding (default "same": dilation × (kernel − 1) / 2).
         *
         * @param p padding, 0 or more
         * @return this builder
         */
        public Builder optPadding(int p) {
            Preconditions.checkArgument(p >= 0, "optPadding: must be >= 0, got %s", p);
            this.padding = p;
            return this;
        }

        /**
         * Sets the dilation (default 1).
         *
         * @param d dilation
         * @return this builder
         */
        public Builder optDilation(int d) {
            Preconditions.checkArgument(d >= 1, "optDilation: must be >= 1, got %s", d);
            this.dilation = d;
            return this;
        }

        /**
         * Sets the groups (default 1; the input channels for a depthwise conv).
         *
         * @param g groups
         * @return this builder
         */
        public Builder optGroups(int g) {
            Preconditions.checkArgument(g >= 1, "optGroups: must be >= 1, got %s", g);
            this.groups = g;
            return this;
        }

        /**
         * Sets the activation (default ReLU); null for none.
         *
         * @param kind the activation, or null for none (the block ends with its BatchNorm)
         * @return this builder
         */
        public Builder optActivation(Act.Kind kind) {
            this.activation = kind;
            return this;
        }

        /**
         * Declares that the block's input is stored channels-last ({@link ChannelsLast}), as on a
         * backbone built with {@code StagedBackbone.Parts.channelsLast()}: a 1x1 convolution then
         * runs through oneDNN at any width ({@link OneDnnConv2d}): faster, and at one thread rounded as
         * oneDNN rounds.
         *
         * @param declared whether the input is channels-last (default false: not known)
         * @return this builder
         */
        public Builder optChannelsLastInput(boolean declared) {
            this.channelsLastInput = declared;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalStateException naming {@code setChannels} or {@code setKernel} when it was not called
         */
        public ConvBnAct build() {
            // The setters take only values >= 1, so 0 means "never set".
            Preconditions.checkState(channels > 0, "ConvBnAct.Builder: setChannels is required");
            Preconditions.checkState(kernel > 0, "ConvBnAct.Builder: setKernel is required");
            return new ConvBnAct(this);
        }
    }
}
