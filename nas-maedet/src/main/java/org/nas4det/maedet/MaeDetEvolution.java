package org.nas4det.maedet;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.Candidate;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.search.CandidateFilter;
import org.nas4det.core.search.GenerationalSearch;
import org.nas4det.core.search.NoFeasibleCandidateException;
import org.nas4det.core.Ranking;
import org.nas4det.core.random.SeededRandom;

/**
 * MAE-DET's evolutionary search: the population starts as the seed structure (which must meet the
 * budget); each child is a uniformly drawn parent from the population mutated twice, checked
 * against the budgets, scored, and the population is the best N distinct structures evaluated so
 * far. Children are proposed in rounds of {@code round} from the population at the start of the
 * round (the reference's MPI workers likewise mutate a population synchronised every 256
 * children), which makes every round a checkpoint: the search is deterministic and resumable.
 * Coarse-to-fine: after {@code minorAfter} children, only {out, btn} mutate.
 *
 * <pre>{@code new MaeDetEvolution(256, 100_000, 256, Integer.MAX_VALUE).search(problem);}</pre>
 */
public final class MaeDetEvolution extends GenerationalSearch<MaeDetStructure> {

    private static final int DRAWS_PER_CHILD = 10;

    private final int population;
    private final int children;
    private final int round;
    private final int minorAfter;

    /**
     * Creates the strategy.
     *
     * @param population population size N (256)
     * @param children children to evaluate in all
     * @param round children per round (checkpoint unit), at most N
     * @param minorAfter children after which only out/btn mutate ({@code Integer.MAX_VALUE}: never)
     */
    public MaeDetEvolution(int population, int children, int round, int minorAfter) {
        Preconditions.checkArgument(population > 0 && children > 0 && round > 0, "sizes must be > 0");
        this.population = population;
        this.children = children;
        this.round = round;
        this.minorAfter = minorAfter;
    }

    @Override
    protected int generations() {
        return 1 + (children + round - 1) / round;
    }

    @Override
    protected int generationSize() {
        return round;
    }

    @Override
    protected List<Candidate<MaeDetStructure>> population(List<Candidate<MaeDetStructure>> history,
            SearchProblem<MaeDetStructure> problem) {
        return Ranking.topK(history, problem.objectives(), population);
    }

    @Override
    protected List<MaeDetStructure> propose(int generation, List<Candidate<MaeDetStructure>> history,
            SearchProblem<MaeDetStructure> problem, SeededRandom rng, CandidateFilter<MaeDetStructure> filter) {
        if (!(problem.space() instanceof MaeDetSpace)) {
            throw new IllegalArgumentException("MaeDetEvolution searches a MaeDetSpace");
        }
        MaeDetSpace space = (MaeDetSpace) problem.space();
        List<MaeDetStructure> batch = new ArrayList<>();
        if (generation == 0) {
            if (!filter.isSeen(space.seed().encode()) && !filter.admit(space.seed())) {
                throw new NoFeasibleCandidateException("the seed structure does not meet the budget, and every child"
                        + " grows from it: " + filter.noFeasible(1).getMessage() + " (seed: " + space.seed().encode() + ")");
            }
            batch.add(space.seed());
            return batch;
        }
        int done = history.size() - 1;
        int target = Math.min(round, children - done);
        if (target <= 0) {
            return batch;
        }
        MaeDetSpace mutating = done >= minorAfter ? space.minor() : space;
        List<Candidate<MaeDetStructure>> parents = population(history, problem);
        for (int c = 0; c < target; c++) {
            for (int d = 0; d < DRAWS_PER_CHILD; d++) {
                MaeDetStructure p = parents.get(rng.nextInt(parents.size())).architecture();
                MaeDetStructure child = mutating.mutate(p, rng, 1);
                if (filter.admit(child)) {
                    batch.add(child);
                    break;
                }
            }
        }
        return batch;
    }

    @Override
    public String describe() {
        return "maedet-evolution(population=" + population + ", children=" + children + ", round=" + round
                + ", minorAfter=" + minorAfter + ")";
    }
}
