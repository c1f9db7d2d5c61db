package org.nas4det.core;

import java.util.Collections;
import java.util.List;

/**
 * What a search found: every evaluated candidate with metrics and cost, the best one under the
 * primary objective and the Pareto front under all objectives.
 *
 * <pre>{@code A best = result.best().architecture(); List<Candidate<A>> front = result.paretoFront();}</pre>
 *
 * @param <A> the architecture type
 */
public final class SearchResult<A extends Architecture> {

    private final List<Candidate<A>> candidates;
    private final List<Objective> objectives;
    // The list as given (a SearchHistory keeps its candidates ranked), and the best once found:
    // a run's end asks for both several times (best.json, the best structure, the summary).
    private final List<Candidate<A>> ranked;
    private Candidate<A> best;

    /**
     * Creates a result.
     *
     * @param candidates every evaluated candidate in order of evaluation
     * @param objectives the objectives, primary first
     */
    public SearchResult(List<Candidate<A>> candidates, List<Objective> objectives) {
        this.candidates = Collections.unmodifiableList(candidates);
        this.ranked = candidates;
        this.objectives = Collections.unmodifiableList(objectives);
    }

    /** @return every evaluated candidate in order of evaluation */
    public List<Candidate<A>> candidates() {
        return candidates;
    }

    /** @return the objectives */
    public List<Objective> objectives() {
        return objectives;
    }

    /**
     * Returns the best candidate under the primary objective; ties go to the one evaluated first.
     *
     * @return the best candidate
     * @throws IllegalStateException when nothing was evaluated
     */
    public Candidate<A> best() {
        if (candidates.isEmpty()) {
            throw new IllegalStateException("the search evaluated no candidate");
        }
        if (best == null) {
            best = ranked instanceof SearchHistory
                    ? Ranking.topK(ranked, objectives.subList(0, 1), 1).get(0)
                    : Ranking.best(candidates, objectives.get(0));
        }
        return best;
    }

    /**
     * Returns the non-dominated candidates under all objectives, sorted by the primary objective
     * (best first, ties by order of evaluation).
     *
     * @return the Pareto front
     */
    public List<Candidate<A>> paretoFront() {
        return Ranking.paretoFront(ranked, objectives);
    }
}
