package org.nas4det.core;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Random;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;

/**
 * The set of architectures a method searches: samples, mutates, crosses over, decodes and
 * validates them, builds a standalone DJL block for one and reports its cost.
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
     * Mutates an architecture: each gene is redrawn with the given probability.
     *
     * @param parent the parent
     * @param rng the random source
     * @param geneProbability the chance of each gene being redrawn
     * @return a valid architecture, possibly equal to the parent
     */
    A mutate(A parent, Random rng, double geneProbability);

    /**
     * Crosses two architectures: each gene comes from the second parent with the given
     * probability, else from the first.
     *
     * @param first the first parent
     * @param second the second parent
     * @param rng the random source
     * @param geneProbability the chance of each gene coming from {@code second}
     * @return a valid architecture
     */
    A crossover(A first, A second, Random rng, double geneProbability);

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
