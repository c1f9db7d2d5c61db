package org.nas4det.core;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link SearchStrategy} needs: the space, the evaluator, the constraints, the
 * objectives, the seed, the run directory and the listeners.
 *
 * <pre>{@code
 * SearchProblem<A> p = SearchProblem.builder(space, evaluator)
 *     .optConstraints(Constraints.builder().optMaxMacs(300e6).build()).addObjective(Objective.maximize("mAP"))
 *     .optSeed(7).optRunDirectory(Path.of("runs/x")).addListener(SearchListener.progressBar()).build();
 * }</pre>
 *
 * @param <A> the architecture type
 */
public final class SearchProblem<A extends Architecture> {

    private final SearchSpace<A> space;
    private final Evaluator<A> evaluator;
    private final Constraints constraints;
    private final List<Objective> objectives;
    private final long seed;
    private final Path runDirectory;
    private final boolean resume;
    private final List<SearchListener> listeners;
    private final CandidateExecutor executor;

    private SearchProblem(Builder<A> b) {
        this.space = b.space;
        this.evaluator = b.evaluator;
        this.constraints = b.constraints;
        this.objectives = Collections.unmodifiableList(new ArrayList<>(b.objectives));
        this.seed = b.seed;
        this.runDirectory = b.runDirectory;
        this.resume = b.resume;
        this.listeners = Collections.unmodifiableList(new ArrayList<>(b.listeners));
        this.executor = b.executor;
    }

    /**
     * Starts a problem.
     *
     * @param space the search space
     * @param evaluator the evaluator
     * @param <A> the architecture type
     * @return a builder
     */
    public static <A extends Architecture> Builder<A> builder(
            SearchSpace<A> space, Evaluator<A> evaluator) {
        return new Builder<>(space, evaluator);
    }

    /** @return the space */
    public SearchSpace<A> space() {
        return space;
    }

    /** @return the evaluator */
    public Evaluator<A> evaluator() {
        return evaluator;
    }

    /** @return the constraints */
    public Constraints constraints() {
        return constraints;
    }

    /** @return the objectives, the first being the primary one */
    public List<Objective> objectives() {
        return objectives;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the run directory, or null for a search kept in memory only */
    public Path runDirectory() {
        return runDirectory;
    }

    /** @return whether to continue the run found in the run directory */
    public boolean resume() {
        return resume;
    }

    /** @return the listeners */
    public List<SearchListener> listeners() {
        return listeners;
    }

    /** @return who evaluates each generation's candidates */
    public CandidateExecutor executor() {
        return executor;
    }

    /**
     * Builds a {@link SearchProblem}.
     *
     * @param <A> the architecture type
     */
    public static final class Builder<A extends Architecture> {
        private final SearchSpace<A> space;
        private final Evaluator<A> evaluator;
        private Constraints constraints = Constraints.none();
        private final List<Objective> objectives = new ArrayList<>();
        private long seed;
        private Path runDirectory;
        private boolean resume;
        private final List<SearchListener> listeners = new ArrayList<>();
        private CandidateExecutor executor = CandidateExecutor.inProcess();

        private Builder(SearchSpace<A> space, Evaluator<A> evaluator) {
            this.space = Objects.requireNonNull(space, "space");
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        }

        /**
         * Sets the constraints (default {@link Constraints#none()}).
         *
         * @param c the constraints
         * @return this builder
         */
        public Builder<A> optConstraints(Constraints c) {
            this.constraints = Objects.requireNonNull(c, "optConstraints: null (Constraints.none() for no budget)");
            return this;
        }

        /**
         * Adds an objective; the first added is the primary one.
         *
         * @param o the objective
         * @return this builder
         */
        public Builder<A> addObjective(Objective o) {
            objectives.add(Objects.requireNonNull(o, "addObjective: null"));
            return this;
        }

        /**
         * Sets the seed that drives every random choice (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder<A> optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets the run directory (log, checkpoint, best, plots); default none: nothing is written.
         *
         * @param dir the directory, created if absent; null for none
         * @return this builder
         */
        public Builder<A> optRunDirectory(Path dir) {
            this.runDirectory = dir;
            return this;
        }

        /**
         * Continues the run found in the run directory (default false: a run directory that
         * already holds a search is an error).
         *
         * @param r whether to resume
         * @return this builder
         */
        public Builder<A> optResume(boolean r) {
            this.resume = r;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder<A> addListener(SearchListener l) {
            listeners.add(Objects.requireNonNull(l, "addListener: null"));
            return this;
        }

        /**
         * Sets who evaluates each generation's new candidates (default
         * {@link CandidateExecutor#inProcess()}); the executor never changes a result, so a run
         * may be resumed with another one.
         *
         * @param e the executor
         * @return this builder
         */
        public Builder<A> optExecutor(CandidateExecutor e) {
            this.executor = Objects.requireNonNull(e, "optExecutor: null");
            return this;
        }

        /** @return the problem */
        public SearchProblem<A> build() {
            Preconditions.checkState(
                    !objectives.isEmpty(), "a search problem needs at least one objective");
            Preconditions.checkState(
                    !resume || runDirectory != null, "resume needs a run directory");
            return new SearchProblem<>(this);
        }
    }
}
