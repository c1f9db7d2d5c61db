package org.nas4det.spark;

import org.apache.spark.api.java.function.Function;
import org.nas4det.core.Architecture;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.exec.RemoteEvaluation;

/**
 * The function a Spark task runs for one candidate: its encoding in, its evaluation (JSON text)
 * out. It carries only the recipe and the engine's thread count; weights and data are read on the
 * worker from the recipe's locations (URIs copied into the worker's cache, {@link WorkerFiles}),
 * once per worker process and task slot.
 *
 * @param <A> the architecture type
 */
final class EvaluateTask<A extends Architecture> implements Function<String, String> {

    private static final long serialVersionUID = 1L;

    private final EvaluatorRecipe<A> recipe;
    private final int engineThreads;

    EvaluateTask(EvaluatorRecipe<A> recipe, int engineThreads) {
        this.recipe = recipe;
        this.engineThreads = engineThreads;
    }

    @Override
    public String call(String encoding) {
        // Read by the engine when it loads in this worker; a loaded engine keeps its count.
        EngineSettings.defaults().threads(engineThreads).apply();
        return RemoteEvaluation.evaluate(recipe, encoding, WorkerFiles.current());
    }
}
