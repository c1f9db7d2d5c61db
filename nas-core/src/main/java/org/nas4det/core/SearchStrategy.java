package org.nas4det.core;

/**
 * Drives a search and returns its result: evolution (DetNAS, MAE-DET: {@link Operators} on the
 * space), morphism (SP-NAS serial: {@link Morphism}s from Pareto parents, each child starting from
 * its parent's weights), budget-weighted random sampling (SP-NAS parallel), random search (the
 * baseline), or a differentiable search (FAD: a DARTS loop that trains a {@link Supernet}'s weights
 * and architecture weights with the core training loop instead of calling the evaluator per
 * candidate).
 *
 * <p>Every strategy serves the same run directory, listeners, plots and resume, whatever its
 * inner loop:
 * <ul>
 *   <li>each architecture it evaluates or derives becomes a {@link Candidate} (metrics from the
 *       problem's {@link Evaluator}, cost from the space), appended to {@code search.jsonl}
 *       ({@code SearchLog}, {@code CandidateRecord}) and reported to
 *       {@link SearchListener#onCandidate}; a DARTS loop does so for the architecture it derives
 *       at each checkpoint, so {@code report.PlotListener} and {@link SearchResult} work unchanged;
 *   <li>its own state (random state, generation or iteration, for a DARTS loop also the training
 *       checkpoint of weights, architecture weights and optimizer) goes to {@code checkpoint.json}
 *       and files beside it, written atomically through {@code io.RunDirectory}; method files
 *       (genotypes, alpha histories, best architecture) go through the same directory;
 *   <li>with {@link SearchProblem#resume()} it continues from the checkpoint and the log, so that
 *       a killed run ends with the result of an uninterrupted one; without it, a run directory
 *       that already holds a search is refused ({@code io.RunDirectoryConflictException}).
 * </ul>
 * {@code search.GenerationalSearch} implements all of this for strategies that propose batches of
 * architectures (evolution, morphisms, random sampling); a DARTS loop implements
 * {@link #search} itself with the same pieces.
 *
 * <pre>{@code SearchResult<A> r = new EvolutionSearch<A>(EvolutionSettings.builder().build(), operators).search(problem);}</pre>
 *
 * @param <A> the architecture type
 */
public interface SearchStrategy<A extends Architecture> {

    /**
     * Runs (or, when the problem says so, resumes) the search.
     *
     * @param problem what to search
     * @return every evaluated candidate, the best one and the Pareto front
     */
    SearchResult<A> search(SearchProblem<A> problem);

    /** @return a stable description of the strategy and its settings, for logs and resume */
    String describe();
}
