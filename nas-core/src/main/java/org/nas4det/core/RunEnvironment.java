package org.nas4det.core;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.nas4det.core.io.RunDirectoryConflictException;

/**
 * What a run's numbers depend on besides its settings and seed: the engine and its version, DJL's
 * version, the default device, the engine's intra- and inter-op thread counts, and the revision
 * of nas4det's own arithmetic ({@link #NUMERICS}). On CPU the
 * engine splits reductions (sums in convolutions, batch norm, losses) across its intra-op threads,
 * and a float sum split another way rounds differently: the same seed gives bit-identical numbers
 * only with the same thread count. Every fingerprint of numbers the engine computes (search
 * checkpoints of an evaluator that needs the engine, DetNAS {@code detnas.json}, training
 * checkpoints) records this object, and a resume under another one is refused.
 *
 * <pre>{@code
 * state.add(RunEnvironment.KEY, RunEnvironment.current());
 * RunEnvironment.requireSame(saved.getAsJsonObject(RunEnvironment.KEY), runDir);
 * }</pre>
 */
public final class RunEnvironment {

    /** The key under which fingerprints store the environment. */
    public static final String KEY = "environment";

    /**
     * The revision of nas4det's arithmetic, raised whenever the same settings, seed and engine give
     * other floats: a run resumed by another revision would match neither revision's uninterrupted
     * run. 2: DetNAS's and MAE-DET's backbones and MAE-DET's entropy score convolve channels-last
     * (session 8). 3: 1x1 convolutions run through oneDNN ({@code OneDnnConv2d}: channels-last
     * inputs, among them DetNAS's and MAE-DET's backbones and the entropy score, and default-format
     * inputs of 128 channels or more), which changes the floats at one intra-op thread with batches
     * under 16 (session 9). A fingerprint without the field was recorded by revision 1.
     */
    public static final int NUMERICS = 3;

    private static final String NUMERICS_KEY = "numerics";

    private RunEnvironment() {}

    /**
     * The environment of this process (loads the engine).
     *
     * @return engine, engine_version, djl_version, device, intra_op_threads, interop_threads, numerics
     */
    public static JsonObject current() {
        Engine engine = Engine.getInstance();
        JsonObject o = new JsonObject();
        o.addProperty("engine", engine.getEngineName());
        o.addProperty("engine_version", engine.getVersion());
        o.addProperty("djl_version", Engine.getDjlVersion());
        o.addProperty("device", engine.defaultDevice().toString());
        o.addProperty("intra_op_threads", intraOpThreads(engine));
        o.addProperty("interop_threads", interopThreads(engine));
        o.addProperty(NUMERICS_KEY, NUMERICS);
        return o;
    }

    /**
     * Refuses to continue a run under another environment than the one it was started in.
     *
     * @param saved the environment the run recorded, or null for a run written before it was recorded
     * @param where the run directory or checkpoint folder, for the message
     * @throws RunDirectoryConflictException naming the first difference and what to do
     */
    public static void requireSame(JsonObject saved, Path where) {
        if (saved == null) {
            // Written before environments were recorded: nothing to compare with.
            return;
        }
        JsonObject now = current();
        int savedNumerics = saved.has(NUMERICS_KEY) ? saved.get(NUMERICS_KEY).getAsInt() : 1;
        if (savedNumerics != NUMERICS) {
            throw new RunDirectoryConflictException("cannot resume " + where + ": it was run by a nas4det whose arithmetic"
                    + " (numerics revision " + savedNumerics + ") rounds differently from this one's (" + NUMERICS + "), so the run"
                    + " would match neither version's: finish it with the version that started it, or use another directory");
        }
        for (String key : now.keySet()) {
            if (saved.has(key) && !saved.get(key).equals(now.get(key))) {
                throw new RunDirectoryConflictException("cannot resume " + where + ": it was run with " + key + " = "
                        + saved.get(key) + ", this process has " + now.get(key) + "; the same seed gives the same numbers only"
                        + " with the same engine and thread count: " + advice(key, saved) + ", or use another directory");
            }
        }
    }

    private static String advice(String key, JsonObject saved) {
        switch (key) {
            case "intra_op_threads":
                return "rerun with --threads " + saved.get(key).getAsInt() + " (property ai.djl.pytorch.num_threads)";
            case "interop_threads":
                return "set ai.djl.pytorch.num_interop_threads=" + saved.get(key).getAsInt();
            default:
                return "rerun with the engine it was started with";
        }
    }

    private static int intraOpThreads(Engine engine) {
        if ("PyTorch".equals(engine.getEngineName())) {
            // What the engine really uses, also when nobody set the property.
            return JniUtils.getNumThreads();
        }
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    private static int interopThreads(Engine engine) {
        if ("PyTorch".equals(engine.getEngineName())) {
            return JniUtils.getNumInteropThreads();
        }
        return Integer.getInteger("ai.djl.pytorch.num_interop_threads", 1);
    }
}
