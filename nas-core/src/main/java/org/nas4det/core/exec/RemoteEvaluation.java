package org.nas4det.core.exec;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.common.base.Stopwatch;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.nas4det.core.Architecture;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.Seeds;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.io.FileSource;

/**
 * Evaluates one candidate on a worker from its recipe and its encoding, and carries the result
 * back as JSON text (metrics at full precision, cost, seconds). Evaluators are expensive to build
 * (a DetNAS worker loads a supernet and its data) and not safe to share between threads, so each
 * process keeps the evaluators it built, per recipe, and lends each to one task at a time: a
 * process running two tasks at once builds two, and reuses them for every later task.
 *
 * <pre>{@code String json = RemoteEvaluation.evaluate(recipe, "[0,1,2]"); Evaluation e = RemoteEvaluation.read(json);}</pre>
 */
public final class RemoteEvaluation {

    private static final Gson SPECIAL_FLOATS = new GsonBuilder().serializeSpecialFloatingPointValues().create();
    private static final Map<EvaluatorRecipe<?>, ConcurrentLinkedDeque<Evaluator<?>>> IDLE = new ConcurrentHashMap<>();

    private RemoteEvaluation() {}

    /**
     * Evaluates a candidate with an evaluator of this process built from the recipe.
     *
     * @param recipe the recipe
     * @param encoding the candidate's canonical encoding
     * @param <A> the architecture type
     * @return the evaluation as JSON text, for {@link #read(String)}
     */
    public static <A extends Architecture> String evaluate(EvaluatorRecipe<A> recipe, String encoding) {
        return evaluate(recipe, encoding, FileSource.local());
    }

    /**
     * Evaluates a candidate with an evaluator of this process built from the recipe, whose files
     * come from the given source (used when the process builds one).
     *
     * @param recipe the recipe
     * @param encoding the candidate's canonical encoding
     * @param files where the recipe's files come from (a worker's cache of URIs)
     * @param <A> the architecture type
     * @return the evaluation as JSON text, for {@link #read(String)}
     */
    public static <A extends Architecture> String evaluate(EvaluatorRecipe<A> recipe, String encoding, FileSource files) {
        // A training evaluator runs alone in the process: it reseeds the engine's one generator
        // and needs DJL's one gradient collector; building it is inside too.
        return recipe.trains() ? Seeds.alone(() -> evaluateNow(recipe, encoding, files)) : evaluateNow(recipe, encoding, files);
    }

    @SuppressWarnings("unchecked")
    private static <A extends Architecture> String evaluateNow(EvaluatorRecipe<A> recipe, String encoding, FileSource files) {
        Engine.getInstance(); // loaded before its native calls
        // PyTorch starts every thread with autograd on, and DJL turns it off only in the thread that
        // loaded the engine: a worker's task thread would record graphs (also while building the
        // evaluator: loading weights), and a training evaluator's in-place weight update (SP-NAS)
        // would fail on a leaf that requires grad.
        JniUtils.setGradMode(false);
        ConcurrentLinkedDeque<Evaluator<?>> idle = IDLE.computeIfAbsent(recipe, r -> new ConcurrentLinkedDeque<>());
        Evaluator<A> evaluator = (Evaluator<A>) idle.pollFirst();
        if (evaluator == null) {
            evaluator = recipe.build(files);
        }
        try {
            A arch = recipe.decode(encoding);
            Stopwatch sw = Stopwatch.createStarted();
            Evaluation e = evaluator.evaluate(arch);
            return write(e, sw.elapsed(TimeUnit.NANOSECONDS) / 1e9);
        } finally {
            // A failed evaluation leaves the evaluator as sound as a finished one (evaluators
            // close and restore what they touch), so it is lent again.
            giveBack(recipe, idle, evaluator);
        }
    }

    /** Lends the evaluator again, or closes it when {@link #clear()} dropped its queue while it was out. */
    private static void giveBack(EvaluatorRecipe<?> recipe, ConcurrentLinkedDeque<Evaluator<?>> idle, Evaluator<?> evaluator) {
        synchronized (IDLE) {
            if (IDLE.get(recipe) == idle) {
                idle.addFirst(evaluator);
                return;
            }
        }
        IllegalStateException failed = close(evaluator);
        if (failed != null) {
            throw failed;
        }
    }

    /** @return why the evaluator could not be closed, or null */
    private static IllegalStateException close(Evaluator<?> e) {
        if (e instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ex) {
                return new IllegalStateException("cannot close the evaluator " + e.describe(), ex);
            }
        }
        return null;
    }

    /**
     * Reads an evaluation written by {@link #evaluate}.
     *
     * @param json the text
     * @return the evaluation
     */
    public static Evaluation read(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : o.getAsJsonObject("metrics").entrySet()) {
            metrics.put(m.getKey(), m.getValue().getAsDouble());
        }
        Cost cost = o.has("cost") ? Cost.fromJson(o.getAsJsonObject("cost")) : null;
        return Evaluation.of(metrics, cost, o.get("seconds").getAsDouble());
    }

    private static String write(Evaluation e, double seconds) {
        JsonObject o = new JsonObject();
        JsonObject m = new JsonObject();
        e.metrics().forEach(m::addProperty);
        o.add("metrics", m);
        if (e.cost() != null) {
            o.add("cost", e.cost().toJson());
        }
        o.addProperty("seconds", seconds);
        // A NaN metric travels as NaN, so that the driver names the candidate as it does in-process.
        return SPECIAL_FLOATS.toJson(o);
    }

    /**
     * Forgets every idle evaluator this process built, closing those that hold resources
     * ({@link AutoCloseable}: a DetNAS worker's supernet); tests and local mode call it, a
     * worker keeps them for its life.
     */
    public static void clear() {
        List<ConcurrentLinkedDeque<Evaluator<?>>> dropped;
        synchronized (IDLE) {
            // An evaluator out on a task when its queue is dropped is closed when it comes back.
            dropped = new ArrayList<>(IDLE.values());
            IDLE.clear();
        }
        IllegalStateException failed = null;
        for (ConcurrentLinkedDeque<Evaluator<?>> idle : dropped) {
            for (Evaluator<?> e = idle.pollFirst(); e != null; e = idle.pollFirst()) {
                // The others are still closed; the first failure is reported.
                IllegalStateException f = close(e);
                failed = failed != null ? failed : f;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
