package org.nas4det.core;

import java.io.Serializable;

/**
 * How to build an {@link Evaluator} elsewhere: a small serialisable value (settings, and paths
 * every worker can reach: a shared file system or a URI), never live weights or data. A worker
 * builds the evaluator once per process (per concurrent task slot) and reuses it for every
 * candidate of the same recipe, so recipes are values: equal settings, equal recipes (a
 * {@code record} gives that).
 *
 * <pre>{@code record MyRecipe(int repeats) implements EvaluatorRecipe<MyArch> { ... }}</pre>
 *
 * @param <A> the architecture type
 */
public interface EvaluatorRecipe<A extends Architecture> extends Serializable {

    /**
     * Builds the evaluator; called on a worker, once per process and task slot.
     *
     * @return an evaluator equal in results to the driver's
     */
    Evaluator<A> build();

    /**
     * Reads a candidate from its canonical encoding ({@link Architecture#encode()}).
     *
     * @param encoding the encoding
     * @return the architecture
     */
    A decode(String encoding);

    /**
     * Whether the evaluator trains: it seeds the engine's generator without {@link Seeds}' lock
     * (a training loop reseeds every iteration) and records gradients, and DJL allows one
     * gradient collector per process. A worker process then runs its evaluations one at a time,
     * holding the engine lock ({@link Seeds#alone}), whatever its task slots.
     *
     * @return true for a training evaluator (SP-NAS's fine-tuning); false by default
     */
    default boolean trains() {
        return false;
    }
}
