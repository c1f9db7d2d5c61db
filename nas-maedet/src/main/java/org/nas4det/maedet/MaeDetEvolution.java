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
 * MAE-DET's evolutionary search: the population starts as the initial structure (which must meet
 * the budget); each child is a uniformly drawn parent from the population mutated twice, checked
 * against the budgets, scored, and the population is the best N distinct structures evaluated so
 * far. Children are proposed in rounds of {@code round} from the population at the start of the
 * round (the reference's MPI workers likewise mutate a population synchronised every 256
 * children), which makes every round a checkpoint: the search is deterministic and resumable.
 * Coarse-to-fine: after {@code minorAfter} children, only {out, btn} mutate.
 *
 * <p>What "children" counts ({@link Counting}): by default every draw, as the reference's loop
 * counts its iterations ({@code num_random_nets}): a child that breaks the budget or repeats a
 * structure already evaluated counts, and is not evaluated (the reference scores a repeat again
 * and its population drops it as a duplicate, so skipping it changes nothing but the time).
 * {@link Counting#EVALUATIONS} instead draws until each child is new and within the budget (up to
 * ten draws a child), so that the count is of structures evaluated; a late search then draws
 * several times for each child it keeps, and slows down as its population converges.
 *
 * <pre>{@code MaeDetEvolution.builder().optPopulation(256).optChildren(100_000).build().search(problem);}</pre>
 */
public final class MaeDetEvolution extends GenerationalSearch<MaeDetStructure> {

    private static final int DRAWS_PER_CHILD = 10;

    /** What {@link Builder#optChildren} counts. */
    public enum Counting {
        /** Every draw, evaluated or not (the reference's loop; the default). */
        DRAWS,
        /** Structures evaluated: each child is drawn until it is new and within the budget (up to ten draws). */
        EVALUATIONS;

        /**
         * Parses a name, case-insensitively.
         *
         * <pre>{@code Counting c = Counting.of("draws");}</pre>
         *
         * @param name draws or evaluations
         * @return the counting
         * @throws IllegalArgumentException naming the two
         */
        public static Counting of(String name) {
            for (Counting c : values()) {
                if (c.name().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("counting must be draws or evaluations, got " + name);
        }
    }

    private final int population;
    private final int children;
    private final int round;
    private final int minorAfter;
    private final Counting counting;

    private MaeDetEvolution(Builder b) {
        this.population = b.population;
        this.children = b.children;
        this.round = b.round > 0 ? b.round : Math.min(b.population, b.children);
        this.minorAfter = b.minorAfter;
        this.counting = b.counting;
    }

    /** @return a builder with the reference's settings (N 256, 100,000 children, rounds of N) */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MaeDetEvolution}; every setting is optional. */
    public static final class Builder {
        private int population = 256;
        private int children = 100_000;
        private int round = -1;
        private int minorAfter = Integer.MAX_VALUE;
        private Counting counting = Counting.DRAWS;

        private Builder() {}

        /**
         * Sets what the children count (default {@link Counting#DRAWS}, as the reference).
         *
         * @param c draws or evaluations
         * @return this builder
         */
        public Builder optCounting(Counting c) {
            this.counting = Preconditions.checkNotNull(c, "optCounting: null");
            return this;
        }

        /**
         * Sets the population size N (default 256).
         *
         * @param n size, 1 or more
         * @return this builder
         */
        public Builder optPopulation(int n) {
            Preconditions.checkArgument(n >= 1, "optPopulation: must be >= 1, got %s", n);
            this.population = n;
            return this;
        }

        /**
         * Sets the number of children in all, counted as {@link #optCounting} says (default 100,000).
         *
         * @param n children, 1 or more
         * @return this builder
         */
        public Builder optChildren(int n) {
            Preconditions.checkArgument(n >= 1, "optChildren: must be >= 1, got %s", n);
            this.children = n;
            return this;
        }

        /**
         * Sets the children per round, the checkpoint unit (default: min(N, children)).
         *
         * @param n children, 1 or more (at most N)
         * @return this builder
         */
        public Builder optRound(int n) {
            Preconditions.checkArgument(n >= 1, "optRound: must be >= 1, got %s", n);
            this.round = n;
            return this;
        }

        /**
         * Turns on coarse-to-fine: after this many children only out/btn mutate (default never).
         *
         * @param n children, 0 or more
         * @return this builder
         */
        public Builder optCoarseToFine(int n) {
            Preconditions.checkArgument(n >= 0, "optCoarseToFine: must be >= 0, got %s", n);
            this.minorAfter = n;
            return this;
        }

        /** @return the strategy */
        public MaeDetEvolution build() {
            // Every setting was checked by its setter.
            return new MaeDetEvolution(this);
        }
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
            MaeDetStructure initial = space.initialStructure();
            if (!filter.isSeen(initial) && !filter.admit(initial)) {
                throw new NoFeasibleCandidateException("the initial structure does not meet the budget, and every child"
                        + " grows from it: " + filter.noFeasible(1).getMessage() + ", or start from a smaller structure");
            }
            batch.add(initial);
            return batch;
        }
        // Draws: generation g >= 1 makes draws (g - 1) * round on; evaluations: one child a slot.
        int done = counting == Counting.DRAWS ? (generation - 1) * round : history.size() - 1;
        int target = Math.min(round, children - done);
        if (target <= 0) {
            return batch;
        }
        MaeDetSpace mutating = done >= minorAfter ? space.minor() : space;
        List<Candidate<MaeDetStructure>> parents = population(history, problem);
        if (counting == Counting.DRAWS) {
            for (int c = 0; c < target; c++) {
                MaeDetStructure child = mutating.mutate(parents.get(rng.nextInt(parents.size())).architecture(), rng, 1);
                if (filter.admit(child)) {
                    batch.add(child);
                }
            }
            return batch;
        }
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
    protected boolean emptyGenerationEnds() {
        // A round of draws may keep none of them; the next round draws on.
        return counting == Counting.EVALUATIONS;
    }

    @Override
    protected int progressAfter(int generation) {
        // The initial structure, then the draws: a progress bar ends at 1 + children.
        return counting == Counting.EVALUATIONS ? -1
                : generation == 0 ? 0 : 1 + (int) Math.min(children, (long) (generation - 1) * round);
    }

    @Override
    public String describe() {
        // The evaluations' description is the one written before draws were counted, so that
        // their run directories are resumed; a run that counts draws says so.
        return "maedet-evolution(population=" + population + ", children=" + children + ", round=" + round
                + ", minorAfter=" + minorAfter + (counting == Counting.DRAWS ? ", counting=draws" : "") + ")";
    }
}
