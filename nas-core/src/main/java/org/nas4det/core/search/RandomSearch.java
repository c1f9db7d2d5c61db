package org.nas4det.core.search;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.random.SeededRandom;

/**
 * The baseline strategy: uniformly random, new, feasible candidates, evaluated in batches (a
 * batch is a checkpoint unit).
 *
 * <pre>{@code SearchResult<A> r = new RandomSearch<A>(1000, 50).search(problem);}</pre>
 *
 * @param <A> the architecture type
 */
public final class RandomSearch<A extends Architecture> extends GenerationalSearch<A> {

    private final int candidates;
    private final int batchSize;
    private final int maxDraws;

    /**
     * Creates the strategy.
     *
     * @param candidates how many candidates to evaluate in all
     * @param batchSize candidates per checkpointed batch
     */
    public RandomSearch(int candidates, int batchSize) {
        this(candidates, batchSize, 10_000);
    }

    /**
     * Creates the strategy.
     *
     * @param candidates how many candidates to evaluate in all
     * @param batchSize candidates per checkpointed batch
     * @param maxDraws rejected draws in a row before the space counts as exhausted
     */
    public RandomSearch(int candidates, int batchSize, int maxDraws) {
        Preconditions.checkArgument(candidates > 0 && batchSize > 0, "sizes must be > 0");
        this.candidates = candidates;
        this.batchSize = batchSize;
        this.maxDraws = maxDraws;
    }

    @Override
    protected int generations() {
        return (candidates + batchSize - 1) / batchSize;
    }

    @Override
    protected int generationSize() {
        return batchSize;
    }

    @Override
    protected List<A> propose(
            int generation,
            List<Candidate<A>> history,
            SearchProblem<A> problem,
            SeededRandom rng,
            CandidateFilter<A> filter) {
        int target = Math.min(batchSize, candidates - generation * batchSize);
        List<A> batch = new ArrayList<>();
        RandomFill.fill(batch, target, problem.space(), rng, filter, maxDraws);
        return batch;
    }

    @Override
    public String describe() {
        return "random(candidates=" + candidates + ", batch=" + batchSize + ", maxDraws=" + maxDraws + ")";
    }
}
