package org.nas4det.core.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.nas4det.core.SearchHistory;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Objective;
import org.nas4det.core.Ranking;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.SearchStrategy;
import org.nas4det.core.io.DamagedRunDirectoryException;
import org.nas4det.core.io.JsonText;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.random.SeededRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * A search that proposes candidates a generation (or batch) at a time and hands each
 * generation's new candidates to the problem's {@link org.nas4det.core.CandidateExecutor} as one
 * batch, taking the evaluations back in candidate order; it alone owns the run directory, the
 * log, checkpoints and resume, so that strategies only say what to propose and executors only
 * evaluate.
 *
 * <p>Resume is exact: a checkpoint holds the random state at a generation boundary (written after
 * a generation at most every 2 s, and after the last); the generations since are proposed again
 * from that state and the candidates already in the log are taken from it, not evaluated again.
 * Proposals must therefore depend only on the random source and on the candidates of earlier
 * generations. A new run writes its first checkpoint before its first generation.
 *
 * <p>The checkpoint's fingerprint names the engine's environment ({@link RunEnvironment}) only when
 * the evaluator needs the engine ({@link org.nas4det.core.Evaluator#needsEngine()}): a closed-form score's numbers
 * cannot depend on it, and such a search never loads the engine's native library. A resume compares
 * what the checkpoint recorded: a checkpoint that names an environment (also one a closed-form run
 * wrote before) is checked against this process's, as it always was.
 *
 * <pre>{@code class MySearch<A> extends GenerationalSearch<A> { protected List<A> propose(...) {...} }}</pre>
 *
 * @param <A> the architecture type
 */
public abstract class GenerationalSearch<A extends Architecture> implements SearchStrategy<A> {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationalSearch.class);
    private static final int CHECKPOINT_FORMAT = 1;
    /** The log is forced to the disk at a checkpoint at most this often (and at the end). */
    private static final long SYNC_NANOS = 30_000_000_000L;
    /**
     * A checkpoint is written after a generation at most this often (and after the last one): a
     * resumed run replays the generations logged since, from the log, without evaluating them.
     */
    private static final long CHECKPOINT_NANOS = 2_000_000_000L;

    /** @return the number of generations (or batches) to run */
    protected abstract int generations();

    /** @return an upper bound on the candidates of one generation, for progress */
    protected abstract int generationSize();

    /**
     * Proposes the candidates of one generation.
     *
     * @param generation its index, from 0
     * @param history every candidate of the earlier generations, in order of evaluation
     * @param problem the problem
     * @param rng the search's random source
     * @param filter admits new, valid, feasible candidates
     * @return the candidates to evaluate, all admitted by the filter; empty to stop early
     */
    protected abstract List<A> propose(
            int generation,
            List<Candidate<A>> history,
            SearchProblem<A> problem,
            SeededRandom rng,
            CandidateFilter<A> filter);

    /**
     * Says whether a generation that proposes nothing ends the search (the default: nothing new is
     * left to propose). A strategy whose generations are a fixed number of draws, some of which
     * may all be repeats or over budget, returns false and goes on to the next generation.
     *
     * @return whether an empty generation ends the search
     */
    protected boolean emptyGenerationEnds() {
        return true;
    }

    /**
     * The search's progress in its own units when {@code generation} generations are done, for the
     * listeners' {@code done} and {@code total} (the default, -1, counts candidates evaluated). A
     * strategy that counts draws reports them, so that a progress bar ends at its total.
     *
     * @param generation generations done, 0 to {@link #generations()}
     * @return the units done, non-decreasing in {@code generation}; -1 to count candidates
     */
    protected int progressAfter(int generation) {
        return -1;
    }

    /**
     * Returns the candidates the checkpoint names as the population (for people reading it).
     *
     * @param history every candidate so far
     * @param problem the problem
     * @return the population
     */
    protected List<Candidate<A>> population(List<Candidate<A>> history, SearchProblem<A> problem) {
        return Ranking.topK(history, problem.objectives(), generationSize());
    }

    /**
     * Checks, before the search writes anything, that this strategy can search the problem (the
     * default checks nothing).
     *
     * @param problem the problem
     * @throws IllegalArgumentException when it cannot, naming the setting to change
     */
    protected void check(SearchProblem<A> problem) {}

    @Override
    public final SearchResult<A> search(SearchProblem<A> problem) {
        check(problem);
        RunDirectory dir =
                problem.runDirectory() == null ? null : RunDirectory.open(problem.runDirectory());
        SeededRandom rng = new SeededRandom(problem.seed());
        CandidateFilter<A> filter = new CandidateFilter<>(problem.space(), problem.constraints());
        SearchHistory<A> all = new SearchHistory<>();
        Map<Integer, Map<Integer, JsonObject>> pending = new HashMap<>();
        int generation = 0;
        // Only a run directory needs the fingerprint: a bare search never loads the engine for it.
        JsonObject fingerprint = dir == null ? null : fingerprint(problem);

        boolean began = false; // whether this command wrote the directory's first checkpoint
        if (dir != null) {
            if (problem.resume()) {
                generation = restore(dir, problem, fingerprint, rng, filter, all, pending);
            } else if (dir.holdsSearch()) {
                throw new RunDirectoryConflictException(
                        "run directory "
                                + dir.root()
                                + " already holds a search: resume it (optResume(true), --resume), or"
                                + " choose an empty directory");
            } else {
                writeCheckpoint(dir, fingerprint, 0, rng, all, problem);
                began = true;
            }
        }

        // A failure to close the log is added to the search's own failure, not put in its place.
        try (SearchLog log = dir == null ? null : SearchLog.of(dir)) {
            return run(problem, dir, log, rng, filter, all, pending, generation, fingerprint);
        } catch (RuntimeException | Error e) {
            // A search that fails before its first candidate (a budget nothing meets, say) takes
            // back the checkpoint it began with: the directory is as it found it, and the corrected
            // command runs there, resumed or not. (A directory that a running search holds is
            // never taken: its checkpoint is there from the start.)
            if (began && all.isEmpty() && pending.isEmpty() && !holdsLog(dir)) {
                dir.delete(RunDirectory.CHECKPOINT);
            }
            throw e;
        }
    }

    private SearchResult<A> run(
            SearchProblem<A> problem,
            RunDirectory dir,
            SearchLog log,
            SeededRandom rng,
            CandidateFilter<A> filter,
            SearchHistory<A> all,
            Map<Integer, Map<Integer, JsonObject>> pending,
            int generation,
            JsonObject fingerprint) {
        Checkpoints checkpoints = new Checkpoints(generation);
        boolean ownUnits = progressAfter(generations()) >= 0;
        int total = ownUnits ? progressAfter(generations()) : generations() * generationSize();
        int logged = 0;
        for (Map<Integer, JsonObject> g : pending.values()) {
            logged += g.size();
        }
        for (SearchListener l : problem.listeners()) {
            l.onStart(problem, total, ownUnits ? progressAfter(generation) : all.size() + logged);
        }
        Candidate<A> best = all.isEmpty() ? null : Ranking.best(all, problem.objectives().get(0));
        if (dir != null) {
            // best.json names the Pareto front: asked for now, the history keeps it as candidates
            // arrive (a comparison each), instead of a pass over every candidate at the end.
            all.paretoFront(problem.objectives());
        }

        while (generation < generations()) {
            long drawsFrom = rng.state();
            List<A> batch = propose(generation, all, problem, rng, filter);
            if (batch.isEmpty() && emptyGenerationEnds()) {
                // The last checkpoint keeps the random state this generation drew from, not the one
                // its fruitless draws left: a resumed run then draws the same and stops here too,
                // instead of drawing anew and going on.
                rng.setState(drawsFrom);
                LOG.info("generation {} proposed nothing new: the search stops early (so far {})", generation, filter.rejections());
                break;
            }
            // An empty batch that does not end the search (every draw repeated or broke the budget)
            // evaluates nothing: the random state moves on, and the next generation draws from it.
            if (!batch.isEmpty()) {
                Map<Integer, JsonObject> replay = pending.remove(generation);
                best = new GenerationRun<>(problem, dir, log, filter, all, generation, batch,
                        replay == null ? Map.of() : replay, total, best,
                        ownUnits ? progressAfter(generation) : -1, ownUnits ? progressAfter(generation + 1) : -1).run();
            }
            generation++;
            checkpointIfDue(checkpoints, dir, log, fingerprint, generation, rng, all, problem);
            for (SearchListener l : problem.listeners()) {
                l.onGeneration(generation - 1, all);
            }
        }

        if (!pending.isEmpty()) {
            throw new RunDirectoryConflictException(
                    "the log in "
                            + dir.root()
                            + " has candidates of generations "
                            + new java.util.TreeSet<>(pending.keySet())
                            + " that this search does not reach: it was written with other settings");
        }
        FutureTask<Void> durable = null;
        if (log != null) {
            // Forcing the whole log to the disk takes a while (the kernel holds most of it): it
            // runs beside the last files and the listeners' end (the final plots), and the search
            // returns only when it is done. The checkpoint needs only the lines written.
            log.flush();
            durable = new FutureTask<>(log::sync, null);
            Thread t = new Thread(durable, "search-log-sync");
            t.setDaemon(true);
            t.start();
        }
        Throwable failed = null;
        try {
            if (dir != null && (checkpoints.generation != generation)) {
                writeCheckpoint(dir, fingerprint, generation, rng, all, problem);
            }
            SearchResult<A> result = new SearchResult<>(all, problem.objectives());
            if (dir != null && !all.isEmpty()) {
                dir.writeJsonAtomically(RunDirectory.BEST, bestJson(result));
            }
            for (SearchListener l : problem.listeners()) {
                l.onFinish(result);
            }
            return result;
        } catch (Throwable t) {
            failed = t;
            throw t;
        } finally {
            if (durable != null) {
                awaitSync(durable, failed);
            }
        }
    }

    /** When a running search last forced its log to the disk and last checkpointed, and at which generation. */
    private static final class Checkpoints {
        long synced = System.nanoTime();
        long written = System.nanoTime();
        int generation;

        Checkpoints(int generation) {
            this.generation = generation;
        }
    }

    /** Writes a checkpoint after the last generation, and after others at most every 2 s. */
    private void checkpointIfDue(Checkpoints c, RunDirectory dir, SearchLog log, JsonObject fingerprint, int generation,
            SeededRandom rng, List<Candidate<A>> all, SearchProblem<A> problem) {
        if (dir == null || (generation != generations() && System.nanoTime() - c.written < CHECKPOINT_NANOS)) {
            return;
        }
        // The checkpoint must never name a candidate the log has not written.
        if (System.nanoTime() - c.synced >= SYNC_NANOS) {
            log.sync();
            c.synced = System.nanoTime();
        } else {
            log.flush();
        }
        writeCheckpoint(dir, fingerprint, generation, rng, all, problem);
        c.written = System.nanoTime();
        c.generation = generation;
    }

    /** Waits for the log's sync; its failure is added to {@code failed} when that is in flight. */
    private static void awaitSync(FutureTask<Void> sync, Throwable failed) {
        try {
            awaitSync(sync);
        } catch (RuntimeException e) {
            if (failed == null) {
                throw e;
            }
            failed.addSuppressed(e);
        }
    }

    private static void awaitSync(FutureTask<Void> sync) {
        try {
            sync.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forcing the search log to the disk", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException
                    ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
        }
    }

    /** @return whether the directory's log holds anything; true when that cannot be read (keep what cannot be checked) */
    private static boolean holdsLog(RunDirectory dir) {
        try {
            return dir.holdsLog();
        } catch (UncheckedIOException e) {
            return true; // the search's own failure is the one to report
        }
    }

    /**
     * Restores a run from its directory: from the checkpoint and the log when both are sound;
     * otherwise (checkpoint missing, empty or truncated, or a log that no longer agrees with it)
     * by replaying the search from its seed over the log's complete records.
     */
    private int restore(
            RunDirectory dir,
            SearchProblem<A> problem,
            JsonObject fingerprint,
            SeededRandom rng,
            CandidateFilter<A> filter,
            List<Candidate<A>> all,
            Map<Integer, Map<Integer, JsonObject>> pending) {
        List<JsonObject> records = SearchLog.of(dir).readAll();
        JsonObject cp;
        String damage;
        try {
            cp = dir.readJson(RunDirectory.CHECKPOINT);
            damage = cp == null ? (records.isEmpty() ? null : RunDirectory.CHECKPOINT + " is missing") : null;
        } catch (DamagedRunDirectoryException e) {
            cp = null;
            damage = RunDirectory.CHECKPOINT + " is damaged: " + e.problem();
        }
        if (cp != null) {
            checkFingerprint(dir, cp, fingerprint);
            damage = restoreFromCheckpoint(dir, problem, cp, records, rng, filter, all, pending);
        }
        if (damage == null) {
            if (cp == null) {
                LOG.info("no earlier search in {}: starting a new one", dir.root());
                return 0;
            }
            LOG.info(
                    "resuming {} at generation {} with {} candidates done",
                    dir.root(),
                    cp.get("generation").getAsInt(),
                    all.size() + pending.values().stream().mapToInt(Map::size).sum());
            return cp.get("generation").getAsInt();
        }
        return replayFromLog(dir, damage, records, rng, problem, all, pending);
    }

    private void checkFingerprint(RunDirectory dir, JsonObject cp, JsonObject fingerprint) {
        JsonElement savedElement = cp.get("settings");
        if (savedElement == null || !savedElement.isJsonObject()) {
            return;
        }
        JsonObject saved = savedElement.getAsJsonObject();
        JsonObject savedEnvironment = saved.getAsJsonObject(RunEnvironment.KEY);
        RunEnvironment.requireSame(savedEnvironment, dir.root());
        if (savedEnvironment != null && !fingerprint.has(RunEnvironment.KEY)) {
            // A run that recorded its environment goes on recording it (it was just checked).
            fingerprint.add(RunEnvironment.KEY, RunEnvironment.current());
        }
        for (String key : fingerprint.keySet()) {
            if (!key.equals(RunEnvironment.KEY) && !fingerprint.get(key).equals(saved.get(key))) {
                // Also met without a resume: a finished run is read back, and its settings must agree.
                throw RunDirectoryConflictException.otherSettings(dir.root(), "a search", key, saved.get(key), fingerprint.get(key));
            }
        }
    }

    /**
     * Restores from a readable checkpoint and the log.
     *
     * @return null when done, else why the checkpoint and the log cannot be used together
     */
    private String restoreFromCheckpoint(
            RunDirectory dir,
            SearchProblem<A> problem,
            JsonObject cp,
            List<JsonObject> records,
            SeededRandom rng,
            CandidateFilter<A> filter,
            List<Candidate<A>> all,
            Map<Integer, Map<Integer, JsonObject>> pending) {
        int generation;
        int evaluated;
        long state;
        try {
            if (!cp.has("settings") || !cp.get("settings").isJsonObject()) {
                throw new IllegalStateException("no settings");
            }
            generation = cp.get("generation").getAsInt();
            evaluated = cp.get("evaluated").getAsInt();
            state = cp.get("rng_state").getAsLong();
        } catch (RuntimeException e) {
            return RunDirectory.CHECKPOINT + " lacks its generation, count or random state";
        }
        List<Candidate<A>> before = new ArrayList<>();
        Map<Integer, Map<Integer, JsonObject>> later = new HashMap<>();
        for (JsonObject rec : records) {
            int g = rec.get("generation").getAsInt();
            if (g < generation) {
                before.add(CandidateRecord.fromJson(rec, problem.space()));
            } else {
                // Logged after the last checkpoint (checkpoints are written on a time budget):
                // replayed, not evaluated again.
                later.computeIfAbsent(g, x -> new HashMap<>()).put(rec.get("slot").getAsInt(), rec);
            }
        }
        if (before.size() != evaluated) {
            return "the log has " + before.size() + " candidates before generation " + generation
                    + ", the checkpoint says " + evaluated;
        }
        for (Candidate<A> c : before) {
            all.add(c);
            filter.markSeen(c.architecture());
        }
        pending.putAll(later);
        rng.setState(state);
        return null;
    }

    /**
     * Restores without a usable checkpoint. Proposals depend only on the random source and on
     * earlier candidates, so replaying the search from its seed proposes the same candidates in
     * the same order: the log's records are taken where they fit, and only what is missing is
     * evaluated again. The run therefore ends exactly as an uninterrupted one would.
     */
    private int replayFromLog(
            RunDirectory dir,
            String damage,
            List<JsonObject> records,
            SeededRandom rng,
            SearchProblem<A> problem,
            List<Candidate<A>> all,
            Map<Integer, Map<Integer, JsonObject>> pending) {
        // Keep the records that continue the run without a gap, in evaluation order; the log is
        // rewritten with just those, so that what the replay appends follows them.
        List<JsonObject> sorted = new ArrayList<>(records);
        sorted.sort(java.util.Comparator.comparingInt(r -> r.get("index").getAsInt()));
        List<JsonObject> kept = new ArrayList<>();
        for (JsonObject r : sorted) {
            if (r.get("index").getAsInt() != kept.size()) {
                break;
            }
            kept.add(r);
        }
        LOG.warn(
                "{}: recovering {} by replaying the search from its seed over the {} complete records of {}",
                damage,
                dir.root(),
                kept.size(),
                RunDirectory.LOG);
        StringBuilder text = new StringBuilder();
        for (JsonObject r : kept) {
            text.append(r).append('\n');
            pending.computeIfAbsent(r.get("generation").getAsInt(), g -> new HashMap<>()).put(r.get("slot").getAsInt(), r);
        }
        dir.writeAtomically(RunDirectory.LOG, text.toString());
        // Nothing was restored before (a failed checkpoint restore adds nothing): the replay starts empty.
        rng.setState(new SeededRandom(problem.seed()).state());
        return 0;
    }

    private JsonObject fingerprint(SearchProblem<A> problem) {
        JsonObject o = new JsonObject();
        o.addProperty("strategy", describe());
        o.addProperty("space", problem.space().describe());
        o.addProperty("evaluator", problem.evaluator().describe());
        o.addProperty("constraints", problem.constraints().describe());
        o.addProperty("objectives", problem.objectives().toString());
        o.addProperty("seed", problem.seed());
        if (problem.evaluator().needsEngine()) {
            o.add(RunEnvironment.KEY, RunEnvironment.current());
        }
        return o;
    }

    private void writeCheckpoint(
            RunDirectory dir,
            JsonObject fingerprint,
            int generation,
            SeededRandom rng,
            List<Candidate<A>> all,
            SearchProblem<A> problem) {
        // Written as its text, not as a tree: the population's encodings are written from their
        // parts by the code the log keeps hot (the last checkpoint of a short search is on its
        // critical path).
        JsonText o = new JsonText().pretty().beginObject()
                .name("format").value(CHECKPOINT_FORMAT)
                .name("settings").value(fingerprint)
                .name("generation").value(generation)
                .name("evaluated").value(all.size())
                .name("rng_state").value(rng.state())
                .name("population").beginArray();
        for (Candidate<A> c : population(all, problem)) {
            c.architecture().writeEncoding(o);
        }
        dir.writeAtomically(RunDirectory.CHECKPOINT, o.endArray().endObject() + "\n");
    }

    private static <A extends Architecture> JsonObject bestJson(SearchResult<A> result) {
        JsonObject o = new JsonObject();
        o.add("best", CandidateRecord.toJson(result.best()));
        JsonArray objectives = new JsonArray();
        for (Objective ob : result.objectives()) {
            objectives.add(ob.toString());
        }
        o.add("objectives", objectives);
        JsonArray front = new JsonArray();
        for (Candidate<A> c : result.paretoFront()) {
            front.add(CandidateRecord.toJson(c));
        }
        o.add("pareto_front", front);
        o.addProperty("evaluated", result.candidates().size());
        return o;
    }
}
