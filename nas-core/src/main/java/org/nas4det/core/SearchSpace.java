package org.nas4det.core;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Random;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;

/**
 * The set of architectures a method searches: samples, decodes and validates them, builds a
 * standalone DJL block for one and reports its cost. How a strategy moves through the space is
 * not part of it: evolution takes {@link Operators} (mutate, crossover), SP-NAS takes
 * {@link Morphism}s (a child plus the parent's weights), and a differentiable search (FAD) trains a
 * {@link Supernet} with architecture weights and derives a discrete architecture of this space
 * from them. A discrete space usually implements {@code Operators} as well.
 *
 * <pre>{@code A a = space.sample(rng); Cost c = space.cost(a, new Shape(1, 3, 224, 224));}</pre>
 *
 * @param <A> the architecture type
 */
public interface SearchSpace<A extends Architecture> {

    /** @return a stable description of the space and its settings, for logs and resume */
    String describe();

    /**
     * Draws a uniformly random architecture.
     *
     * @param rng the search's random source (the only one used, for determinism)
     * @return a valid architecture
     */
    A sample(Random rng);

    /**
     * Reads the canonical encoding back.
     *
     * @param encoding the text of {@link Architecture#encode()}
     * @return the architecture
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    A decode(String encoding);

    /**
     * Checks that an architecture belongs to this space.
     *
     * @param arch the architecture
     * @throws IllegalArgumentException naming the offending part
     */
    default void validate(A arch) {}

    /**
     * Builds a standalone, uninitialised block for one architecture.
     *
     * @param arch the architecture
     * @return a new block
     */
    Block build(A arch);

    /**
     * Counts the cost of one architecture at an input shape.
     *
     * @param arch the architecture
     * @param input the input shape, batch 1
     * @return the cost; by default counted on {@link #build(Architecture)}
     */
    default Cost cost(A arch, Shape input) {
        return CostModel.count(build(arch), input);
    }
}
