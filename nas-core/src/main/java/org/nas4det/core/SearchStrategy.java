package org.nas4det.core;

/**
 * Drives a search and returns its result: evolution (DetNAS, MAE-DET), morphism (SP-NAS
 * serial), budget-weighted random sampling (SP-NAS parallel), random search (the baseline), or a
 * differentiable search (FAD) that optimises a supernet's architecture weights instead of
 * calling the evaluator per candidate.
 *
 * <pre>{@code SearchResult<A> r = new EvolutionSearch<A>(EvolutionSettings.detnas()).search(problem);}</pre>
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
