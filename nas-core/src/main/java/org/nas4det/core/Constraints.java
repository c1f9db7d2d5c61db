package org.nas4det.core;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.nas4det.core.cost.Cost;

/**
 * Hard limits on candidates. A candidate that breaks one is never evaluated; a budget that no
 * candidate meets makes the search fail fast with a message naming the limit and the smallest
 * value seen.
 *
 * <pre>{@code
 * Constraints c = Constraints.builder().optMaxMacs(18.77e9).optMaxLayers(91).optInput(3, 480, 480).build();
 * }</pre>
 *
 * <p>Immutable; limits are only set through {@link #builder()} (or {@link #toBuilder()}), so a
 * chain of calls can never drop one.
 */
public final class Constraints {

    private static final Shape DEFAULT_INPUT = new Shape(1, 3, 224, 224);

    private final List<Limit> limits;
    private final List<NamedPredicate> predicates;
    private final Shape input;

    private Constraints(List<Limit> limits, List<NamedPredicate> predicates, Shape input) {
        this.limits = Collections.unmodifiableList(limits);
        this.predicates = Collections.unmodifiableList(predicates);
        this.input = input;
    }

    /** @return constraints that admit every candidate, counted at 1x3x224x224 */
    public static Constraints none() {
        return builder().build();
    }

    /**
     * Starts a set of limits: {@code Constraints.builder().optMaxMacs(2e9).optMaxLayers(40).build()}.
     *
     * @return an empty builder (no limit, input 1x3x224x224)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these limits, to add more or change the input */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.limits.addAll(limits);
        b.predicates.addAll(predicates);
        b.input = input;
        return b;
    }

    /**
     * Builds {@link Constraints}. Every limit is optional and they add up; the input shape the
     * costs are counted at defaults to 1x3x224x224.
     */
    public static final class Builder {
        private final List<Limit> limits = new ArrayList<>();
        private final List<NamedPredicate> predicates = new ArrayList<>();
        private Shape input = DEFAULT_INPUT;

        private Builder() {}

        /**
         * Adds a limit on any cost quantity of {@link Cost#get(String)}.
         *
         * @param quantity the quantity name, e.g. {@code thop_flops}
         * @param max the largest value allowed, >= 0
         * @return this builder
         * @throws IllegalArgumentException for an unknown quantity, or a negative or NaN limit
         */
        public Builder optMax(String quantity, double max) {
            Objects.requireNonNull(quantity, "optMax: null quantity");
            return limit("optMax(\"" + quantity + "\", ..)", quantity, max);
        }

        private Builder limit(String setter, String quantity, double max) {
            Cost.builder().build().get(quantity); // fails fast on an unknown name
            // A cost is never negative: a negative or NaN limit is a typo, which would otherwise
            // surface only after the search starts, as "no candidate meets the budget".
            if (!(max >= 0)) {
                throw new IllegalArgumentException(setter + ": the " + quantity + " limit must be a number >= 0, got " + max);
            }
            limits.add(new Limit(quantity, max));
            return this;
        }

        /**
         * Adds a convolution MACs limit ({@code conv_macs}).
         *
         * @param macs the largest MACs allowed
         * @return this builder
         */
        public Builder optMaxMacs(double macs) {
            return limit("optMaxMacs", "conv_macs", macs);
        }

        /**
         * Adds a parameter limit.
         *
         * @param params the largest parameter count allowed
         * @return this builder
         */
        public Builder optMaxParams(double params) {
            return limit("optMaxParams", "params", params);
        }

        /**
         * Adds a depth limit ({@link Cost#layers()}).
         *
         * @param layers the largest depth allowed
         * @return this builder
         */
        public Builder optMaxLayers(int layers) {
            return limit("optMaxLayers", "layers", layers);
        }

        /**
         * Adds a latency limit; candidates must then carry a measured latency.
         *
         * @param ms the largest latency allowed in milliseconds
         * @return this builder
         */
        public Builder optMaxLatencyMs(double ms) {
            return limit("optMaxLatencyMs", "latency_ms", ms);
        }

        /**
         * Adds any predicate on the architecture and its cost.
         *
         * @param name what the predicate checks, for messages
         * @param predicate true when the candidate is admitted
         * @return this builder
         */
        public Builder addPredicate(String name, Predicate<Costed> predicate) {
            Objects.requireNonNull(name, "addPredicate: null name");
            Objects.requireNonNull(predicate, "addPredicate: null predicate");
            predicates.add(new NamedPredicate(name, predicate));
            return this;
        }

        /**
         * Sets the input shape (batch 1) the costs are counted at (default 3x224x224).
         *
         * @param channels input channels
         * @param height input height
         * @param width input width
         * @return this builder
         */
        public Builder optInput(int channels, int height, int width) {
            if (channels < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("optInput: channels, height and width must be >= 1, got "
                        + channels + "x" + height + "x" + width);
            }
            input = new Shape(1, channels, height, width);
            return this;
        }

        /** @return the immutable constraints */
        public Constraints build() {
            return new Constraints(new ArrayList<>(limits), new ArrayList<>(predicates), input);
        }
    }

    /** @return the input shape, batch dimension included */
    public Shape input() {
        return input;
    }

    /** @return whether there is no limit and no predicate */
    public boolean isEmpty() {
        return limits.isEmpty() && predicates.isEmpty();
    }

    /** @return the numeric limits */
    public List<Limit> limits() {
        return limits;
    }

    /**
     * Checks a candidate.
     *
     * @param arch the candidate
     * @param cost its cost at {@link #input()}
     * @return every violation; empty when the candidate is admitted
     */
    public List<Violation> check(Architecture arch, Cost cost) {
        List<Violation> out = new ArrayList<>();
        for (Limit l : limits) {
            double v = cost.get(l.quantity);
            if (Double.isNaN(v)) {
                throw new IllegalStateException(
                        "constraint on "
                                + l.quantity
                                + " needs a measured value, but the cost of "
                                + arch.encode()
                                + " has none: measure latency in the search space's cost()");
            }
            if (v > l.max) {
                out.add(new Violation(l.quantity, l.max, v));
            }
        }
        Costed c = new Costed(arch, cost);
        for (NamedPredicate p : predicates) {
            if (!p.predicate.test(c)) {
                out.add(new Violation(p.name, Double.NaN, Double.NaN));
            }
        }
        return out;
    }

    /** @return a stable description, used to check that a resumed run has the same settings */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Limit l : limits) {
            sb.append(l.quantity).append("<=").append(fmt(l.max)).append(';');
        }
        for (NamedPredicate p : predicates) {
            sb.append(p.name).append(';');
        }
        sb.append("at ").append(input);
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e18
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.6g", v);
    }

    /** A numeric limit on one cost quantity. */
    public static final class Limit {
        private final String quantity;
        private final double max;

        Limit(String quantity, double max) {
            this.quantity = quantity;
            this.max = max;
        }

        /** @return the cost quantity name */
        public String quantity() {
            return quantity;
        }

        /** @return the largest value allowed */
        public double max() {
            return max;
        }
    }

    /** A candidate with its cost, as predicates see it. */
    public static final class Costed {
        private final Architecture architecture;
        private final Cost cost;

        Costed(Architecture architecture, Cost cost) {
            this.architecture = architecture;
            this.cost = cost;
        }

        /** @return the candidate */
        public Architecture architecture() {
            return architecture;
        }

        /** @return its cost */
        public Cost cost() {
            return cost;
        }
    }

    /** One broken constraint. */
    public static final class Violation {
        private final String name;
        private final double limit;
        private final double value;

        Violation(String name, double limit, double value) {
            this.name = name;
            this.limit = limit;
            this.value = value;
        }

        /** @return the quantity or predicate name */
        public String name() {
            return name;
        }

        /** @return the limit, NaN for a predicate */
        public double limit() {
            return limit;
        }

        /** @return the candidate's value, NaN for a predicate */
        public double value() {
            return value;
        }

        @Override
        public String toString() {
            return Double.isNaN(limit)
                    ? name + " rejected"
                    : name + " " + fmt(value) + " > " + fmt(limit);
        }
    }

    private static final class NamedPredicate {
        private final String name;
        private final Predicate<Costed> predicate;

        NamedPredicate(String name, Predicate<Costed> predicate) {
            this.name = name;
            this.predicate = predicate;
        }
    }
}
