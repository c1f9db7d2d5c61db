package org.nas4det.core;

import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A network morphism (SP-NAS's serial moves: swap, expand, add a stage): it turns a parent
 * architecture into a child and says how the parent's trained weights carry over, so that the
 * child starts from its parent instead of from scratch. Unlike {@link Operators}, the result is
 * more than an architecture: it carries the weight mapping that the evaluator applies before it
 * trains the child briefly.
 *
 * <p>Weights are named by their parameter paths in the built network ({@link SearchSpace#build}
 * of the child and of the parent, as DJL's {@code Block.getParameters()} lists them). A child
 * parameter that the mapping names takes the parent's array (same shape); one that it leaves out
 * keeps the child's own initialisation, which a function-preserving morphism sets so that an
 * inserted block starts as an identity (e.g. its last BatchNorm's gamma at zero).
 *
 * <pre>{@code
 * Morphism.Child<A> c = morphism.apply(parent, rng);
 * if (c != null) { evaluate(c.architecture(), parentWeights, c.weightSources()); }
 * }</pre>
 *
 * @param <A> the architecture type
 */
public interface Morphism<A extends Architecture> {

    /** @return a short stable name of the move (e.g. {@code swap}, {@code expand}), for logs and resume */
    String name();

    /**
     * Applies the move to a parent.
     *
     * @param parent the parent architecture, whose trained weights the child inherits
     * @param rng the search's random source (the only one used, for determinism)
     * @return the child and its weight mapping, or null when the move does not apply to this parent
     */
    Child<A> apply(A parent, Random rng);

    /**
     * The result of a morphism: the child architecture, its parent, and where each inherited
     * child parameter comes from.
     *
     * @param <A> the architecture type
     */
    final class Child<A extends Architecture> {

        private final A parent;
        private final A architecture;
        private final Map<String, String> weightSources;

        /**
         * Creates a result.
         *
         * @param parent the parent
         * @param architecture the child
         * @param weightSources child parameter path to parent parameter path, for every inherited
         *     parameter; parameters not named keep the child's initialisation
         */
        public Child(A parent, A architecture, Map<String, String> weightSources) {
            this.parent = Objects.requireNonNull(parent, "parent");
            this.architecture = Objects.requireNonNull(architecture, "architecture");
            this.weightSources = Map.copyOf(weightSources);
        }

        /** @return the parent architecture */
        public A parent() {
            return parent;
        }

        /** @return the child architecture */
        public A architecture() {
            return architecture;
        }

        /** @return child parameter path to parent parameter path, for every inherited parameter */
        public Map<String, String> weightSources() {
            return weightSources;
        }
    }
}
