package org.nas4det.core;

import com.google.common.base.Stopwatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Evaluates a generation's new candidates as one batch. The search hands over the batch and
 * takes the evaluations back, in candidate order, through a sink; it alone writes the run
 * directory. An executor may evaluate the candidates in any order, in other threads, processes
 * or machines: every evaluator of nas4det gives a candidate's result from its architecture alone
 * (the randomness it draws is seeded from the run's seed, never from a stream consumed in order),
 * so every executor gives the same search.
 *
 * <pre>{@code SearchProblem.builder(space, evaluator).optExecutor(CandidateExecutor.inProcess())...}</pre>
 *
 * <p>Executors that evaluate elsewhere than in the driver build the evaluator from its
 * {@link Evaluator#recipe()} (see {@code org.nas4det.core.exec}).
 */
public interface CandidateExecutor {

    /**
     * Evaluates a batch.
     *
     * @param batch the candidates, in order
     * @param evaluator the driver's evaluator (an executor that evaluates elsewhere uses its
     *     recipe)
     * @param sink receives each candidate's evaluation (with its wall time in seconds), in the
     *     batch's order, each exactly once
     * @param <A> the architecture type
     */
    <A extends Architecture> void evaluate(
            List<CandidateTask<A>> batch, Evaluator<A> evaluator, BiConsumer<CandidateTask<A>, Evaluation> sink);

    /** @return a short description for logs (not part of a run's fingerprint: executors do not change results) */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * The default: evaluates in the calling thread, in order, handing each evaluation to the sink
     * as soon as it is done (a killed run loses at most the candidate in progress).
     *
     * @return the in-process executor
     */
    static CandidateExecutor inProcess() {
        return InProcess.INSTANCE;
    }

    /** The in-process executor. */
    final class InProcess implements CandidateExecutor {
        private static final InProcess INSTANCE = new InProcess();

        private InProcess() {}

        @Override
        public <A extends Architecture> void evaluate(
                List<CandidateTask<A>> batch, Evaluator<A> evaluator, BiConsumer<CandidateTask<A>, Evaluation> sink) {
            for (CandidateTask<A> task : batch) {
                Stopwatch sw = Stopwatch.createStarted();
                Evaluation e = evaluator.evaluate(task.architecture());
                double seconds = sw.elapsed(TimeUnit.NANOSECONDS) / 1e9;
                sink.accept(task, e.withSeconds(seconds));
            }
        }

        @Override
        public String describe() {
            return "in-process";
        }
    }
}
