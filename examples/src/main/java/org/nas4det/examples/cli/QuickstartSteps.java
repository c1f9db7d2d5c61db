package org.nas4det.examples.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.train.NonFiniteLossException;

/**
 * The quick start's record of finished steps, {@code quickstart.json} in its run directory,
 * rewritten atomically after each step: its settings (search, training, engine environment) and
 * each detector's outcome, trained (metrics) or diverged (iteration, cause). A killed or failed
 * quick start continues with {@code --resume} after its last finished step.
 */
final class QuickstartSteps {

    static final String FILE = "quickstart.json";
    static final String DONE = "done";
    static final String FAILED = "diverged";

    private final RunDirectory dir;
    private final JsonObject state;

    private QuickstartSteps(RunDirectory dir, JsonObject state) {
        this.dir = dir;
        this.state = state;
    }

    /**
     * Opens the record of a run directory.
     *
     * @param dir the quick start's run directory
     * @param resume whether the user asked to continue
     * @param search the search settings: a resume must have the same
     * @param training the training settings: a resume with others trains both detectors again
     * @param err where notes go
     * @return the record
     * @throws IllegalArgumentException when the directory holds a quick start and resume is off
     * @throws RunDirectoryConflictException when search settings or the engine environment differ
     */
    static QuickstartSteps open(RunDirectory dir, boolean resume, JsonObject search, JsonObject training, PrintWriter err) {
        JsonObject saved = dir.readJson(FILE);
        if (saved != null && !resume) {
            throw new IllegalArgumentException("--run-dir " + dir.root() + " holds a quick start: add --resume to continue it"
                    + " from its last finished step, or choose another --run-dir");
        }
        if (saved == null && resume) {
            err.println("note: --run-dir " + dir.root() + " holds no quick start to resume: starting a new one");
        }
        JsonObject state = new JsonObject();
        state.add("search_settings", search);
        state.add("training_settings", training);
        state.add(RunEnvironment.KEY, RunEnvironment.current());
        JsonObject steps = new JsonObject();
        if (saved != null) {
            RunEnvironment.requireSame(saved.getAsJsonObject(RunEnvironment.KEY), dir.root());
            if (!search.equals(saved.get("search_settings"))) {
                throw new RunDirectoryConflictException("cannot resume " + dir.root() + ": its search ran with "
                        + saved.get("search_settings") + ", now " + search + "; use the same --seed, --size, --images,"
                        + " --search-iterations and --layers, or another --run-dir");
            }
            if (training.equals(saved.get("training_settings"))) {
                steps = saved.getAsJsonObject("steps").deepCopy();
            } else {
                err.println("note: training settings changed from " + saved.get("training_settings") + " to " + training
                        + ": the search is kept, both detectors train again");
                steps.add("search", saved.getAsJsonObject("steps").get("search"));
                deleteTraining(dir.file(QuickstartCommand.MAEDET));
                deleteTraining(dir.file(QuickstartCommand.BASELINE));
            }
        }
        state.add("steps", steps);
        QuickstartSteps s = new QuickstartSteps(dir, state);
        s.save();
        return s;
    }

    /**
     * Records the search's result.
     *
     * @param bestEncoding the best structure
     */
    void searchDone(String bestEncoding) {
        JsonObject o = new JsonObject();
        o.addProperty("status", DONE);
        o.addProperty("best", bestEncoding);
        steps().add("search", o);
        save();
    }

    /**
     * A training step an earlier run finished (trained or diverged: a diverged one is tried again).
     *
     * @param name the step
     * @return its record, or null when it must run
     */
    JsonObject finished(String name) {
        JsonObject o = steps().getAsJsonObject(name);
        return o != null && DONE.equals(o.get("status").getAsString()) ? o : null;
    }

    /**
     * Records a finished training.
     *
     * @param name the step
     * @param m its validation metrics
     * @return the record
     */
    JsonObject trained(String name, CocoMetrics m) {
        JsonObject o = new JsonObject();
        o.addProperty("status", DONE);
        o.add("metrics", m.toJson());
        steps().add(name, o);
        save();
        return o;
    }

    /**
     * Records a diverged training; its checkpoints stay for a look, and are dropped when the
     * training settings change.
     *
     * @param name the step
     * @param e the divergence
     * @return the record
     */
    JsonObject diverged(String name, NonFiniteLossException e) {
        JsonObject o = new JsonObject();
        o.addProperty("status", FAILED);
        o.addProperty("detector", QuickstartCommand.MAEDET.equals(name) ? "searched MAE-DET backbone" : "ResNet-18/4 baseline");
        o.addProperty("iteration", e.iteration());
        o.addProperty("cause", e.cause());
        steps().add(name, o);
        save();
        return o;
    }

    private JsonObject steps() {
        return state.getAsJsonObject("steps");
    }

    private void save() {
        dir.writeJsonAtomically(FILE, state);
    }

    /** Removes a detector's checkpoints, model and curve: they belong to other training settings. */
    private static void deleteTraining(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + folder + " for a new training", e);
        }
    }
}
