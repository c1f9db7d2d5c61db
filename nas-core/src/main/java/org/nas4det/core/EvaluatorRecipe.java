package org.nas4det.core;

import java.io.Serializable;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;

/**
 * How to build an {@link Evaluator} elsewhere: a small serialisable value (settings, and
 * locations every worker can reach: a shared file system, or a URI its {@link FileSource} opens),
 * never live weights or data. A worker builds the evaluator once per process (per concurrent task
 * slot) and reuses it for every candidate of the same recipe, so recipes are values: equal
 * settings, equal recipes (a {@code record} gives that).
 *
 * <pre>{@code record MyRecipe(int repeats) implements EvaluatorRecipe<MyArch> { ... }}</pre>
 *
 * @param <A> the architecture type
 */
public interface EvaluatorRecipe<A extends Architecture> extends Serializable {

    /**
     * Builds the evaluator from local files; called on a worker, once per process and task slot.
     *
     * @return an evaluator equal in results to the driver's
     */
    Evaluator<A> build();

    /**
     * Builds the evaluator, reading the files it needs through a source that makes them local (a
     * Spark worker copies URIs into its cache). A recipe that reads files overrides it; by default
     * it reads nothing and calls {@link #build()}.
     *
     * @param files where the recipe's files come from
     * @return an evaluator equal in results to the driver's
     */
    default Evaluator<A> build(FileSource files) {
        return build();
    }

    /**
     * The recipe remote workers build: the local files it names (weights, data) staged where
     * they reach them. Called by the driver once per batch; staging copies a file once per version.
     * By default the recipe names no files and is returned as it is.
     *
     * @param staging the driver's staging
     * @return the recipe with staged locations
     */
    default EvaluatorRecipe<A> staged(FileStaging staging) {
        return this;
    }

    /**
     * Brings into the driver's folders what a worker's evaluation of a candidate published to the
     * staged locations of the shipped recipe (SP-NAS's trained model, which the run directory
     * keeps). Called by the driver on its own recipe after each batch, before the results are
     * recorded, so a recorded candidate's files are in the run directory. By default nothing.
     *
     * <pre>{@code recipe.collect(recipe.staged(staging), candidate, files);}</pre>
     *
     * @param shipped the recipe {@link #staged} returned for the batch
     * @param candidate an evaluated candidate of the batch
     * @param files where the driver reads staged files
     */
    default void collect(EvaluatorRecipe<A> shipped, A candidate, FileSource files) {}

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
