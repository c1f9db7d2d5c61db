package org.nas4det.core.search;

import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
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
 * <pre>{@code SearchResult<A> r = new EvolutionSearch<A>(EvolutionSettings.builder().build()).search(problem);}</pre>
 *
 * @param <A> the architecture type
 */
public final class EvolutionSearch<A extends Architecture> extends GenerationalSearch<A> {

    /** Draws allowed per mutant or crossover before giving up on that slot (as SPOS: 10). */
    private static final int DRAWS_PER_CHILD = 10;

    private final EvolutionSettings settings;

    /**
     * Creates the strategy.
     *
     * @param settings its settings
     */
    public EvolutionSearch(EvolutionSettings settings) {
        this.settings = settings;
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
        List<A> batch = new ArrayList<>();
        if (generation > 0 && !history.isEmpty()) {
            List<Candidate<A>> parents =
                    Ranking.topK(history, problem.objectives(), settings.topK());
            int made = 0;
            for (int draw = 0;
                    made < settings.mutants() && draw < settings.mutants() * DRAWS_PER_CHILD;
                    draw++) {
                A p = parents.get(rng.nextInt(parents.size())).architecture();
                A child = space.mutate(p, rng, settings.mutationProbability());
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
                A child = space.crossover(p1, p2, rng, settings.crossoverProbability());
                if (filter.admit(child)) {
                    batch.add(child);
                    made++;
                }
            }
        }
        RandomFill.fill(batch, settings.population(), space, rng, filter, settings.maxDraws());
        return batch;
    }

    @Override
    public String describe() {
        return settings.describe();
    }
}
