package org.nas4det.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Operators;
import org.nas4det.core.Ranking;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.random.SeededRandom;

/**
 * The generic evolution engine (DetNAS / SPOS style): random generation 0, then per generation
 * mutants and crossovers of the top-k of everything evaluated so far, and random fill. No
 * architecture is evaluated twice and constraints are checked before evaluation; with several
 * objectives the parents are the best Pareto ranks.
 *
 * <pre>{@code SearchResult<A> r = new EvolutionSearch<A>(EvolutionSettings.builder().build(), space).search(problem);}</pre>
 *
 * @param <A> the architecture type
 */
public final class EvolutionSearch<A extends Architecture> extends GenerationalSearch<A> {

    /** Draws allowed per mutant or crossover before giving up on that slot (as SPOS: 10). */
    private static final int DRAWS_PER_CHILD = 10;

    private final EvolutionSettings settings;
    private final Operators<A> operators;

    /**
     * Creates the strategy with the problem's space as its operators.
     *
     * @param settings its settings
     * @throws IllegalArgumentException at search time when the space does not implement
     *     {@link Operators}
     */
    public EvolutionSearch(EvolutionSettings settings) {
        this.settings = settings;
        this.operators = null;
    }

    /**
     * Creates the strategy.
     *
     * @param settings its settings
     * @param operators mutation and crossover of the problem's architectures
     * @throws IllegalArgumentException when the settings ask for crossovers and the operators have none
     */
    public EvolutionSearch(EvolutionSettings settings, Operators<A> operators) {
        this.settings = settings;
        this.operators = checked(Objects.requireNonNull(operators, "operators"));
    }

    @Override
    protected void check(SearchProblem<A> problem) {
        checked(operators(problem.space()));
    }

    /** @return the operators, when they can make the children the settings ask for */
    private Operators<A> checked(Operators<A> ops) {
        if (settings.crossovers() > 0 && !ops.hasCrossover()) {
            throw new IllegalArgumentException(ops.getClass().getSimpleName() + " has no crossover (its evolution only"
                    + " mutates), but the evolution settings ask for " + settings.crossovers()
                    + " crossovers a generation: set EvolutionSettings.optCrossovers(0, p)");
        }
        return ops;
    }

    @Override
    protected int generations() {
        return settings.generations();
    }

    @Override
    protected int generationSize() {
        return settings.population();
    }

    @Override
    protected List<Candidate<A>> population(
            List<Candidate<A>> history, SearchProblem<A> problem) {
        return Ranking.topK(history, problem.objectives(), settings.topK());
    }

    @Override
    protected List<A> propose(
            int generation,
            List<Candidate<A>> history,
            SearchProblem<A> problem,
            SeededRandom rng,
            CandidateFilter<A> filter) {
        SearchSpace<A> space = problem.space();
        Operators<A> ops = operators(space);
        List<A> batch = new ArrayList<>();
        if (generation > 0 && !history.isEmpty()) {
            List<Candidate<A>> parents =
                    Ranking.topK(history, problem.objectives(), settings.topK());
            int made = 0;
            for (int draw = 0;
                    made < settings.mutants() && draw < settings.mutants() * DRAWS_PER_CHILD;
                    draw++) {
                A p = parents.get(rng.nextInt(parents.size())).architecture();
                A child = ops.mutate(p, rng, settings.mutationProbability());
                if (filter.admit(child)) {
                    batch.add(child);
                    made++;
                }
            }
            made = 0;
            for (int draw = 0;
                    made < settings.crossovers() && draw < settings.crossovers() * DRAWS_PER_CHILD;
                    draw++) {
                A p1 = parents.get(rng.nextInt(parents.size())).architecture();
                A p2 = parents.get(rng.nextInt(parents.size())).architecture();
                A child = ops.crossover(p1, p2, rng, settings.crossoverProbability());
                if (filter.admit(child)) {
                    batch.add(child);
                    made++;
                }
            }
        }
        RandomFill.fill(batch, settings.population(), space, rng, filter, settings.maxDraws());
        return batch;
    }

    @SuppressWarnings("unchecked")
    private Operators<A> operators(SearchSpace<A> space) {
        if (operators != null) {
            return operators;
        }
        if (!(space instanceof Operators)) {
            throw new IllegalArgumentException("evolution needs mutation and crossover: "
                    + space.getClass().getName() + " does not implement Operators; pass them to"
                    + " new EvolutionSearch<>(settings, operators)");
        }
        return (Operators<A>) space;
    }

    @Override
    public String describe() {
        return settings.describe();
    }
}
