package org.nas4det.core.search;

import com.google.common.base.Preconditions;
import java.util.Locale;

/**
 * Settings of the generic evolution (single-path one-shot style, as in SPOS and DetNAS):
 * generation 0 is {@code population} random candidates; each later generation has
 * {@code mutants} children of the top-k with per-gene probability {@code mutationProbability},
 * {@code crossovers} children of two top-k parents with per-gene probability
 * {@code crossoverProbability}, and random candidates to fill the population.
 *
 * <pre>{@code EvolutionSettings s = EvolutionSettings.builder().optPopulation(50).optTopK(10).optGenerations(20).build();}</pre>
 */
public final class EvolutionSettings {

    private final int population;
    private final int topK;
    private final int mutants;
    private final double mutationProbability;
    private final int crossovers;
    private final double crossoverProbability;
    private final int generations;
    private final int maxDraws;

    private EvolutionSettings(Builder b) {
        this.population = b.population;
        this.topK = b.topK;
        this.mutants = b.mutants;
        this.mutationProbability = b.mutationProbability;
        this.crossovers = b.crossovers;
        this.crossoverProbability = b.crossoverProbability;
        this.generations = b.generations;
        this.maxDraws = b.maxDraws;
    }

    /** @return a builder with DetNAS's settings (50, top 10, 20 at 0.1, 20 at 0.5, 20 generations) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the population size */
    public int population() {
        return population;
    }

    /** @return how many parents the children are drawn from */
    public int topK() {
        return topK;
    }

    /** @return mutants per generation */
    public int mutants() {
        return mutants;
    }

    /** @return per-gene mutation probability */
    public double mutationProbability() {
        return mutationProbability;
    }

    /** @return crossovers per generation */
    public int crossovers() {
        return crossovers;
    }

    /** @return per-gene probability of taking the second parent's gene */
    public double crossoverProbability() {
        return crossoverProbability;
    }

    /** @return number of generations, generation 0 included */
    public int generations() {
        return generations;
    }

    /**
     * Returns the bound on draws: mutation and crossover make at most 10 draws per child; random
     * fill stops after this many rejected draws in a row.
     *
     * @return the bound
     */
    public int maxDraws() {
        return maxDraws;
    }

    /**
     * A builder holding these settings, to change some of them.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return builder().optPopulation(population()).optTopK(topK()).optMutants(mutants(), mutationProbability())
                .optCrossovers(crossovers(), crossoverProbability()).optGenerations(generations()).optMaxDraws(maxDraws());
    }

    /** @return a stable description for logs and resume checks */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "evolution(population=%d, topK=%d, mutants=%d@%s, crossovers=%d@%s,"
                        + " generations=%d, maxDraws=%d)",
                population,
                topK,
                mutants,
                mutationProbability,
                crossovers,
                crossoverProbability,
                generations,
                maxDraws);
    }

    /** Builds {@link EvolutionSettings}. */
    public static final class Builder {
        private int population = 50;
        private int topK = 10;
        private int mutants = 20;
        private double mutationProbability = 0.1;
        private int crossovers = 20;
        private double crossoverProbability = 0.5;
        private int generations = 20;
        private int maxDraws = 10_000;

        private Builder() {}

        /**
         * Sets the population size.
         *
         * @param n size
         * @return this builder
         */
        public Builder optPopulation(int n) {
            this.population = n;
            return this;
        }

        /**
         * Sets how many best candidates are parents.
         *
         * @param k parents
         * @return this builder
         */
        public Builder optTopK(int k) {
            this.topK = k;
            return this;
        }

        /**
         * Sets the mutants per generation and the per-gene probability.
         *
         * @param n mutants
         * @param probability per-gene probability
         * @return this builder
         */
        public Builder optMutants(int n, double probability) {
            this.mutants = n;
            this.mutationProbability = probability;
            return this;
        }

        /**
         * Sets the crossovers per generation and the per-gene probability.
         *
         * @param n crossovers
         * @param probability per-gene probability of the second parent
         * @return this builder
         */
        public Builder optCrossovers(int n, double probability) {
            this.crossovers = n;
            this.crossoverProbability = probability;
            return this;
        }

        /**
         * Sets the number of generations.
         *
         * @param n generations
         * @return this builder
         */
        public Builder optGenerations(int n) {
            this.generations = n;
            return this;
        }

        /**
         * Sets the bound on rejected random draws in a row.
         *
         * @param n draws
         * @return this builder
         */
        public Builder optMaxDraws(int n) {
            this.maxDraws = n;
            return this;
        }

        /** @return the settings */
        public EvolutionSettings build() {
            Preconditions.checkArgument(population > 0, "optPopulation: population must be > 0, got %s", population);
            Preconditions.checkArgument(topK > 0, "optTopK: topK must be > 0, got %s", topK);
            Preconditions.checkArgument(mutants >= 0, "optMutants: the count must be >= 0, got %s", mutants);
            Preconditions.checkArgument(crossovers >= 0, "optCrossovers: the count must be >= 0, got %s", crossovers);
            Preconditions.checkArgument(mutationProbability >= 0 && mutationProbability <= 1,
                    "optMutants: the per-gene probability must be in [0, 1], got %s", mutationProbability);
            Preconditions.checkArgument(crossoverProbability >= 0 && crossoverProbability <= 1,
                    "optCrossovers: the per-gene probability must be in [0, 1], got %s", crossoverProbability);
            Preconditions.checkArgument(
                    mutants + crossovers <= population,
                    "optMutants: mutants + crossovers (%s) exceed the population (%s): fewer mutants or crossovers, or a larger population",
                    mutants + crossovers,
                    population);
            Preconditions.checkArgument(generations > 0, "optGenerations: generations must be > 0, got %s", generations);
            Preconditions.checkArgument(maxDraws > 0, "optMaxDraws: maxDraws must be > 0, got %s", maxDraws);
            return new EvolutionSettings(this);
        }
    }
}
