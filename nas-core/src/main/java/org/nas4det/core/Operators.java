package org.nas4det.core;

import java.util.Random;

/**
 * Evolution's variation operators on a space's architectures: what
 * {@link org.nas4det.core.search.EvolutionSearch} (and MAE-DET's evolution) take besides the
 * space. A space that is searched otherwise (FAD's differentiable supernet, SP-NAS's morphisms)
 * does not implement them. Discrete spaces usually implement both {@link SearchSpace} and this
 * interface.
 *
 * <pre>{@code new EvolutionSearch<>(settings, space).search(problem); // space implements Operators<A>}</pre>
 *
 * <p>(With a space whose evolution only mutates, {@code hasCrossover()} false, the settings need
 * {@code optCrossovers(0, p)}.)
 *
 * @param <A> the architecture type
 */
public interface Operators<A extends Architecture> {

    /**
     * Mutates an architecture: each gene is redrawn with the given probability.
     *
     * @param parent the parent
     * @param rng the random source (the search's only one, for determinism)
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
     * Whether {@link #crossover} works: a method whose evolution only mutates (MAE-DET's) says
     * no, and {@code EvolutionSearch} then refuses settings with crossovers before it starts.
     *
     * @return true unless crossover is unsupported (the default: true)
     */
    default boolean hasCrossover() {
        return true;
    }
}
