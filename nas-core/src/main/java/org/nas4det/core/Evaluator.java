package org.nas4det.core;

import java.util.Optional;

/**
 * Scores one architecture. Zero-shot scoring is an evaluator that trains nothing; supernet
 * scoring recalibrates BN and runs detection evaluation; SP-NAS scoring fine-tunes inherited
 * weights briefly.
 *
 * <pre>{@code Evaluation e = evaluator.evaluate(arch); double ap = e.metric("mAP");}</pre>
 *
 * <p>Evaluators run outside any gradient collector and close every NDArray they create before
 * returning.
 *
 * @param <A> the architecture type
 */
public interface Evaluator<A extends Architecture> {

    /**
     * Scores an architecture.
     *
     * @param arch the candidate
     * @return its metrics; the cost may be left null
     */
    Evaluation evaluate(A arch);

    /**
     * Says how to build this evaluator elsewhere (on the workers of a cluster): evaluators without
     * a recipe run in the driver only.
     *
     * @return the recipe, or empty (the default)
     */
    default Optional<EvaluatorRecipe<A>> recipe() {
        return Optional.empty();
    }

    /**
     * Whether {@link #evaluate} uses the deep-learning engine. A search whose evaluator does not
     * (a closed-form score) never loads the engine: its results cannot depend on it, so its run
     * fingerprint leaves out the engine's {@link RunEnvironment}.
     *
     * @return true unless the evaluator computes without the engine
     */
    default boolean needsEngine() {
        return true;
    }

    /** @return a stable description of the evaluator and its settings, for logs and resume */
    default String describe() {
        return getClass().getSimpleName();
    }
}
