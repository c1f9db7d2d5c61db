package org.nas4det.core;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a search through SLF4J: each candidate at debug, each generation and the result at info.
 *
 * <pre>{@code SearchProblem.builder(space, evaluator).addListener(SearchListener.logging());}</pre>
 */
public final class LoggingListener implements SearchListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);

    @Override
    public void onStart(SearchProblem<?> problem, int total, int done) {
        LOG.info(
                "search of {} over {}: up to {} candidates, {} already done",
                problem.objectives(),
                problem.space().describe(),
                total,
                done);
    }

    @Override
    public void onCandidate(Candidate<?> candidate, Candidate<?> best, int done, int total) {
        LOG.debug("{}/{} {}", done, total, candidate);
    }

    @Override
    public void onGeneration(int generation, List<? extends Candidate<?>> all) {
        LOG.info("generation {} done, {} candidates evaluated", generation, all.size());
    }

    @Override
    public void onFinish(SearchResult<?> result) {
        LOG.info(
                "search finished: {} candidates, best {}",
                result.candidates().size(),
                result.candidates().isEmpty() ? "none" : result.best());
    }
}
