package org.nas4det.core.cost;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;
import org.nas4det.core.cost.CostOverflowException;
import org.nas4det.core.io.JsonText;

/**
 * The compute cost of one network at one input shape, split into parts from which any published
 * FLOPs convention can be recomputed.
 *
 * <p>MACs are multiply-accumulates; FLOPs are {@code 2 × MACs} where a paper says so, but many
 * detection papers print MACs as "FLOPs": use {@link #thopFlops()} or {@link #mmcvFlops()} to
 * match a convention and say which one you print.
 *
 * <pre>{@code Cost c = CostModel.count(block, new Shape(1, 3, 224, 224)); long m = c.convMacs();}</pre>
 */
public final class Cost {

    /** The JSON names of the counts, in the order of {@link #count(int)}. */
    private static final List<String> COUNT_KEYS = List.of("params", "params_bn", "conv_macs", "bn_elements",
            "act_elements", "pool_in_elements", "pool_out_elements", "avg_pool_out_elements", "conv_layers", "layers",
            "thop_flops", "mmcv_flops");
    // The names of writeJson, escaped once (a search writes them on every line of its log).
    private static final JsonText.Name[] COUNT_NAMES = COUNT_KEYS.stream().map(JsonText.Name::of).toArray(JsonText.Name[]::new);
    private static final JsonText.Name LATENCY_MS = JsonText.Name.of("latency_ms");
    private static final JsonText.Name INPUT = JsonText.Name.of("input");

    private final long params;
    private final long paramsBn;
    private final long convMacs;
    private final long bnElements;
    private final long actElements;
    private final long poolInElements;
    private final long poolOutElements;
    private final long avgPoolOutElements;
    private final int convLayers;
    private final int layers;
    private final double latencyMs;
    private final Shape input;

    private Cost(Builder b) {
        this.params = b.params;
        this.paramsBn = b.paramsBn;
        this.convMacs = b.convMacs;
        this.bnElements = b.bnElements;
        this.actElements = b.actElements;
        this.poolInElements = b.poolInElements;
        this.poolOutElements = b.poolOutElements;
        this.avgPoolOutElements = b.avgPoolOutElements;
        this.convLayers = b.convLayers;
        this.layers = b.layers < 0 ? b.convLayers : b.layers;
        this.latencyMs = b.latencyMs;
        this.input = b.input;
    }

    /**
     * Returns a builder for a cost.
     *
     * @return a builder with every part zero
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return trainable parameters (BN gamma and beta included, running statistics excluded) */
    public long params() {
        return params;
    }

    /** @return the BatchNorm share of {@link #params()} */
    public long paramsBn() {
        return paramsBn;
    }

    /** @return multiply-accumulates of convolutions and fully connected layers, batch 1, no bias */
    public long convMacs() {
        return convMacs;
    }

    /** @return output elements of BatchNorm layers */
    public long bnElements() {
        return bnElements;
    }

    /** @return output elements of activation layers, each call counted */
    public long actElements() {
        return actElements;
    }

    /** @return input elements of pooling layers (max and average) */
    public long poolInElements() {
        return poolInElements;
    }

    /** @return output elements of pooling layers (max and average) */
    public long poolOutElements() {
        return poolOutElements;
    }

    /** @return output elements of average-pooling layers only (thop counts these) */
    public long avgPoolOutElements() {
        return avgPoolOutElements;
    }

    /** @return number of convolution and fully connected layers */
    public int convLayers() {
        return convLayers;
    }

    /**
     * Returns the depth as the search space defines it (e.g. main-branch convolutions for
     * MAE-DET); the number of convolution and linear layers unless the space says otherwise.
     *
     * @return the depth used by {@link org.nas4det.core.Constraints#maxLayers(int)}
     */
    public int layers() {
        return layers;
    }

    /** @return measured latency in milliseconds, or {@code NaN} when not measured */
    public double latencyMs() {
        return latencyMs;
    }

    /** @return the input shape the cost was counted at, batch dimension included */
    public Shape input() {
        return input;
    }

    /** @return thop's convention: MACs + 2·BN elements + average-pool outputs */
    public long thopFlops() {
        return CostOverflowException.add("thop FLOPs",
                CostOverflowException.add("thop FLOPs", convMacs, CostOverflowException.multiply("thop FLOPs", 2, bnElements)),
                avgPoolOutElements);
    }

    /** @return mmcv's convention: MACs + 2·BN elements + activations + pool inputs */
    public long mmcvFlops() {
        long bn2 = CostOverflowException.multiply("mmcv FLOPs", 2, bnElements);
        long sum = CostOverflowException.add("mmcv FLOPs", convMacs, bn2);
        return CostOverflowException.add("mmcv FLOPs", CostOverflowException.add("mmcv FLOPs", sum, actElements), poolInElements);
    }

    /**
     * Returns a copy with another depth.
     *
     * @param depth the space's own depth
     * @return the new cost
     */
    public Cost withLayers(int depth) {
        return toBuilder().layers(depth).build();
    }

    /**
     * Returns a copy with a measured latency.
     *
     * @param ms latency in milliseconds
     * @return the new cost
     */
    public Cost withLatencyMs(double ms) {
        return toBuilder().latencyMs(ms).build();
    }

    /**
     * Returns a builder that starts from this cost.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.params = params;
        b.paramsBn = paramsBn;
        b.convMacs = convMacs;
        b.bnElements = bnElements;
        b.actElements = actElements;
        b.poolInElements = poolInElements;
        b.poolOutElements = poolOutElements;
        b.avgPoolOutElements = avgPoolOutElements;
        b.convLayers = convLayers;
        b.layers = layers;
        b.latencyMs = latencyMs;
        b.input = input;
        return b;
    }

    /**
     * Returns the value of a cost quantity by name, as constraints and objectives name them.
     *
     * @param name one of {@code params, params_bn, conv_macs, macs, thop_flops, mmcv_flops,
     *     bn_elements, act_elements, conv_layers, layers, latency_ms}
     * @return the value
     * @throws IllegalArgumentException for an unknown name
     */
    public double get(String name) {
        switch (name) {
            case "params":
                return params;
            case "params_bn":
                return paramsBn;
            case "conv_macs":
            case "macs":
                return convMacs;
            case "thop_flops":
                return thopFlops();
            case "mmcv_flops":
                return mmcvFlops();
            case "bn_elements":
                return bnElements;
            case "act_elements":
                return actElements;
            case "conv_layers":
                return convLayers;
            case "layers":
                return layers;
            case "latency_ms":
                return latencyMs;
            default:
                throw new IllegalArgumentException(
                        "unknown cost quantity '"
                                + name
                                + "' (known: params, params_bn, conv_macs, macs, thop_flops,"
                                + " mmcv_flops, bn_elements, act_elements, conv_layers, layers,"
                                + " latency_ms)");
        }
    }

    /**
     * Returns the JSON form with the field names of the {@code profile --json} contract.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        for (int i = 0; i < COUNT_KEYS.size(); i++) {
            o.addProperty(COUNT_KEYS.get(i), count(i));
        }
        if (!Double.isNaN(latencyMs)) {
            o.addProperty("latency_ms", latencyMs);
        }
        if (input != null) {
            JsonArray in = new JsonArray();
            // The contract prints C, H, W: drop the batch dimension.
            for (int i = input.dimension() == 4 ? 1 : 0; i < input.dimension(); i++) {
                in.add(input.get(i));
            }
            o.add("input", in);
        }
        return o;
    }

    /**
     * Writes the JSON form of {@link #toJson()} as text, without building the tree (a search
     * writes one per candidate into its log).
     *
     * @param out where the object goes, as a value
     */
    public void writeJson(JsonText out) {
        // One name-value step in a loop rather than twelve written out: the same text, and the
        // JIT compiles (and inlines into the log line's writer) one copy of the step, not twelve.
        out.beginObject();
        for (int i = 0; i < COUNT_NAMES.length; i++) {
            out.name(COUNT_NAMES[i]).value(count(i));
        }
        if (!Double.isNaN(latencyMs)) {
            out.name(LATENCY_MS).value(latencyMs);
        }
        if (input != null) {
            out.name(INPUT).beginArray();
            for (int i = input.dimension() == 4 ? 1 : 0; i < input.dimension(); i++) {
                out.value(input.get(i));
            }
            out.endArray();
        }
        out.endObject();
    }

    /** The i-th count of {@link #COUNT_KEYS} (a switch, not an array: a line allocates nothing for it). */
    private long count(int i) {
        switch (i) {
            case 0:
                return params;
            case 1:
                return paramsBn;
            case 2:
                return convMacs;
            case 3:
                return bnElements;
            case 4:
                return actElements;
            case 5:
                return poolInElements;
            case 6:
                return poolOutElements;
            case 7:
                return avgPoolOutElements;
            case 8:
                return convLayers;
            case 9:
                return layers;
            case 10:
                return thopFlops();
            default:
                return mmcvFlops();
        }
    }

    /**
     * Reads the JSON form written by {@link #toJson()}.
     *
     * @param o the JSON object
     * @return the cost
     */
    public static Cost fromJson(JsonObject o) {
        Builder b = builder();
        b.params = o.get("params").getAsLong();
        b.paramsBn = o.get("params_bn").getAsLong();
        b.convMacs = o.get("conv_macs").getAsLong();
        b.bnElements = o.get("bn_elements").getAsLong();
        b.actElements = o.get("act_elements").getAsLong();
        b.poolInElements = o.get("pool_in_elements").getAsLong();
        b.poolOutElements = o.get("pool_out_elements").getAsLong();
        b.avgPoolOutElements =
                o.has("avg_pool_out_elements") ? o.get("avg_pool_out_elements").getAsLong() : 0;
        b.convLayers = o.get("conv_layers").getAsInt();
        b.layers = o.has("layers") ? o.get("layers").getAsInt() : -1;
        b.latencyMs = o.has("latency_ms") ? o.get("latency_ms").getAsDouble() : Double.NaN;
        if (o.has("input")) {
            JsonArray in = o.getAsJsonArray("input");
            long[] dims = new long[in.size() + 1];
            dims[0] = 1;
            for (int i = 0; i < in.size(); i++) {
                dims[i + 1] = in.get(i).getAsLong();
            }
            b.input = new Shape(dims);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Cost)) {
            return false;
        }
        Cost c = (Cost) o;
        return params == c.params
                && paramsBn == c.paramsBn
                && convMacs == c.convMacs
                && bnElements == c.bnElements
                && actElements == c.actElements
                && poolInElements == c.poolInElements
                && poolOutElements == c.poolOutElements
                && avgPoolOutElements == c.avgPoolOutElements
                && convLayers == c.convLayers
                && layers == c.layers
                && Double.compare(latencyMs, c.latencyMs) == 0
                && Objects.equals(input, c.input);
    }

    @Override
    public int hashCode() {
        return Objects.hash(params, convMacs, bnElements, convLayers, layers, input);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    /** Accumulates the parts of a cost; {@link org.nas4det.core.cost.CostCounter} fills one. */
    public static final class Builder {
        private long params;
        private long paramsBn;
        private long convMacs;
        private long bnElements;
        private long actElements;
        private long poolInElements;
        private long poolOutElements;
        private long avgPoolOutElements;
        private int convLayers;
        private int layers = -1;
        private double latencyMs = Double.NaN;
        private Shape input;

        private Builder() {}

        /**
         * Adds trainable parameters.
         *
         * @param n how many
         * @param batchNorm whether they belong to a BatchNorm layer
         * @return this builder
         */
        public Builder addParams(long n, boolean batchNorm) {
            params = CostOverflowException.add("params", params, n);
            if (batchNorm) {
                paramsBn = CostOverflowException.add("params", paramsBn, n);
            }
            return this;
        }

        /**
         * Adds another cost's counts: parameters, MACs, elements and convolution layers (not its
         * depth, latency or input), as if its layers had been added here one by one.
         *
         * <pre>{@code Cost.Builder total = Cost.builder(); total.add(stem).add(body);}</pre>
         *
         * @param part the cost of a part
         * @return this builder
         */
        public Builder add(Cost part) {
            params = CostOverflowException.add("params", params, part.params);
            paramsBn = CostOverflowException.add("params", paramsBn, part.paramsBn);
            addConvLayers(part.convMacs, part.convLayers);
            bnElements = CostOverflowException.add("BN elements", bnElements, part.bnElements);
            actElements = CostOverflowException.add("activation elements", actElements, part.actElements);
            poolInElements = CostOverflowException.add("pool elements", poolInElements, part.poolInElements);
            poolOutElements = CostOverflowException.add("pool elements", poolOutElements, part.poolOutElements);
            avgPoolOutElements = CostOverflowException.add("pool elements", avgPoolOutElements, part.avgPoolOutElements);
            return this;
        }

        /**
         * Adds one convolution or fully connected layer.
         *
         * @param macs its multiply-accumulates
         * @return this builder
         */
        public Builder addConvLayer(long macs) {
            convMacs = CostOverflowException.add("conv MACs", convMacs, macs);
            convLayers = Math.toIntExact(CostOverflowException.add("conv layers", convLayers, 1));
            return this;
        }

        /**
         * Adds convolution or fully connected layers at once, as that many {@link #addConvLayer} calls.
         *
         * @param macs their multiply-accumulates in all
         * @param count how many layers
         * @return this builder
         */
        public Builder addConvLayers(long macs, long count) {
            convMacs = CostOverflowException.add("conv MACs", convMacs, macs);
            convLayers = Math.toIntExact(CostOverflowException.add("conv layers", convLayers, count));
            return this;
        }

        /**
         * Adds BatchNorm output elements.
         *
         * @param n elements
         * @return this builder
         */
        public Builder addBnElements(long n) {
            bnElements = CostOverflowException.add("BN elements", bnElements, n);
            return this;
        }

        /**
         * Adds activation output elements.
         *
         * @param n elements
         * @return this builder
         */
        public Builder addActElements(long n) {
            actElements = CostOverflowException.add("activation elements", actElements, n);
            return this;
        }

        /**
         * Adds one pooling call.
         *
         * @param in input elements
         * @param out output elements
         * @param average whether it is average pooling
         * @return this builder
         */
        public Builder addPool(long in, long out, boolean average) {
            poolInElements = CostOverflowException.add("pool elements", poolInElements, in);
            poolOutElements = CostOverflowException.add("pool elements", poolOutElements, out);
            if (average) {
                avgPoolOutElements = CostOverflowException.add("pool elements", avgPoolOutElements, out);
            }
            return this;
        }

        /**
         * Sets the space's own depth.
         *
         * @param depth the depth
         * @return this builder
         */
        public Builder layers(int depth) {
            this.layers = depth;
            return this;
        }

        /**
         * Sets a measured latency.
         *
         * @param ms milliseconds
         * @return this builder
         */
        public Builder latencyMs(double ms) {
            this.latencyMs = ms;
            return this;
        }

        /**
         * Sets the input shape the cost is counted at.
         *
         * @param shape the input shape
         * @return this builder
         */
        public Builder input(Shape shape) {
            this.input = shape;
            return this;
        }

        /** @return the immutable cost */
        public Cost build() {
            return new Cost(this);
        }
    }
}
