package org.nas4det.core;

import java.util.List;

/**
 * Hears the progress of a search. Every method has an empty default; a listener overrides what
 * it needs. Listeners run on the search thread, so they should be quick.
 *
 * <pre>{@code SearchProblem.builder(space, evaluator).addListener(SearchListener.progressBar());}</pre>
 */
public interface SearchListener {

    /**
     * Called once before the first candidate.
     *
     * @param problem the search problem
     * @param total the number of candidates the strategy plans to evaluate (an upper bound)
     * @param done how many are already in the run directory (resumed runs)
     */
    default void onStart(SearchProblem<?> problem, int total, int done) {}

    /**
     * Called after each candidate, freshly evaluated or read back from the log on resume.
     *
     * @param candidate the candidate
     * @param best the best candidate so far (first objective)
     * @param done candidates done so far
     * @param total planned total
     */
    default void onCandidate(Candidate<?> candidate, Candidate<?> best, int done, int total) {}

    /**
     * Called when a generation (or batch) is complete and checkpointed.
     *
     * @param generation the generation index, from 0
     * @param all every candidate so far, in order of evaluation
     */
    default void onGeneration(int generation, List<? extends Candidate<?>> all) {}

    /**
     * Called once with the result.
     *
     * @param result the search result
     */
    default void onFinish(SearchResult<?> result) {}

    /** @return a console progress bar on stderr: done / total, best so far, rate, ETA */
    static SearchListener progressBar() {
        return new ProgressBarListener(System.err);
    }

    /** @return a listener that logs each candidate and generation through SLF4J */
    static SearchListener logging() {
        return new LoggingListener();
    }
}
