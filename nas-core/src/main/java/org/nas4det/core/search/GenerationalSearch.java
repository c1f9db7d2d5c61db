package org.nas4det.core.search;

import com.google.common.base.Stopwatch;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Cost;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.SearchStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A search that proposes candidates a generation (or batch) at a time and evaluates them in
 * order; it owns the run directory, the log, checkpoints and resume, so that strategies only
 * say what to propose.
 *
 * <p>Resume is exact: a checkpoint holds the random state at a generation boundary (written after
 * a generation at most every 2 s, and after the last); the generations since are proposed again
 * from that state and the candidates already in the log are taken from it, not evaluated again.
 * Proposals must therefore depend only on the random source and on the candidates of earlier
 * generations.
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
     * Returns the candidates the checkpoint names as the population (for people reading it).
     *
     * @param history every candidate so far
     * @param problem the problem
     * @return the population
     */
    protected List<Candidate<A>> population(List<Candidate<A>> history, SearchProblem<A> problem) {
        return Ranking.topK(history, problem.objectives(), generationSize());
    }

    @Override
    public final SearchResult<A> search(SearchProblem<A> problem) {
        RunDirectory dir =
                problem.runDirectory() == null ? null : RunDirectory.open(problem.runDirectory());
        SeededRandom rng = new SeededRandom(problem.seed());
        CandidateFilter<A> filter = new CandidateFilter<>(problem.space(), problem.constraints());
        SearchHistory<A> all = new SearchHistory<>();
        Map<Integer, Map<Integer, JsonObject>> pending = new HashMap<>();
        int generation = 0;
        JsonObject fingerprint = fingerprint(problem);

        if (dir != null) {
            if (problem.resume()) {
                generation = restore(dir, problem, fingerprint, rng, filter, all, pending);
            } else if (dir.holdsSearch()) {
                throw new RunDirectoryConflictException(
                        "run directory "
                                + dir.root()
                                + " already holds a search: resume it, or choose an empty"
                                + " directory");
            } else {
                writeCheckpoint(dir, fingerprint, 0, rng, all, problem);
            }
        }

        SearchLog log = dir == null ? null : dir.log();
        try {
            return run(problem, dir, log, rng, filter, all, pending, generation, fingerprint);
        } finally {
            if (log != null) {
                log.close();
            }
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
        long lastSync = System.nanoTime();
        long lastCheckpoint = System.nanoTime();
        int checkpointed = generation;
        int total = generations() * generationSize();
        int logged = 0;
        for (Map<Integer, JsonObject> g : pending.values()) {
            logged += g.size();
        }
        for (SearchListener l : problem.listeners()) {
            l.onStart(problem, total, all.size() + logged);
        }
        Candidate<A> best = all.isEmpty() ? null : Ranking.best(all, problem.objectives().get(0));
        Objective primary = problem.objectives().get(0);

        while (generation < generations()) {
            List<A> batch = propose(generation, all, problem, rng, filter);
            if (batch.isEmpty()) {
                LOG.info("generation {} proposed nothing new: the search stops early", generation);
                break;
            }
            Map<Integer, JsonObject> replay = pending.remove(generation);
            if (replay == null) {
                replay = Map.of();
            }
            int replayed = 0;
            for (int slot = 0; slot < batch.size(); slot++) {
                A arch = batch.get(slot);
                Candidate<A> c;
                JsonObject record = replay.get(slot);
                if (record != null) {
                    replayed++;
                    c = CandidateRecord.fromJson(record, problem.space());
                    if (!c.architecture().encode().equals(arch.encode())
                            || c.index() != all.size()) {
                        throw new IllegalStateException(
                                "the log in "
                                        + dir.root()
                                        + " does not match this search at generation "
                                        + generation
                                        + " slot "
                                        + slot
                                        + ": it holds "
                                        + c.architecture().encode()
                                        + ", the search proposes "
                                        + arch.encode());
                    }
                    filter.takeCost(arch);
                } else {
                    c = evaluate(arch, all.size(), generation, slot, problem, filter);
                    if (dir != null) {
                        log.append(CandidateRecord.toJson(c));
                    }
                }
                all.add(c);
                if (best == null || Ranking.<A>byObjective(primary).compare(c, best) < 0) {
                    best = c;
                }
                for (SearchListener l : problem.listeners()) {
                    l.onCandidate(c, best, all.size(), total);
                }
            }
            if (replayed != replay.size()) {
                throw new IllegalStateException(
                        "the log in "
                                + dir.root()
                                + " has more candidates for generation "
                                + generation
                                + " than this search proposes: it was written with other settings");
            }
            generation++;
            if (dir != null
                    && (generation == generations()
                            || System.nanoTime() - lastCheckpoint >= CHECKPOINT_NANOS)) {
                // The checkpoint must never name a candidate the log has not written.
                if (System.nanoTime() - lastSync >= SYNC_NANOS) {
                    log.sync();
                    lastSync = System.nanoTime();
                } else {
                    log.flush();
                }
                writeCheckpoint(dir, fingerprint, generation, rng, all, problem);
                lastCheckpoint = System.nanoTime();
                checkpointed = generation;
            }
            for (SearchListener l : problem.listeners()) {
                l.onGeneration(generation - 1, all);
            }
        }

        if (!pending.isEmpty()) {
            throw new IllegalStateException(
                    "the log in "
                            + dir.root()
                            + " has candidates of generations "
                            + new java.util.TreeSet<>(pending.keySet())
                            + " that this search does not reach: it was written with other settings");
        }
        if (log != null) {
            log.sync();
        }
        if (dir != null && checkpointed != generation) {
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
    }

    private Candidate<A> evaluate(
            A arch,
            int index,
            int generation,
            int slot,
            SearchProblem<A> problem,
            CandidateFilter<A> filter) {
        Cost cost = filter.takeCost(arch);
        Stopwatch sw = Stopwatch.createStarted();
        Evaluation e = problem.evaluator().evaluate(arch);
        double seconds = sw.elapsed(TimeUnit.NANOSECONDS) / 1e9;
        e = Evaluation.of(e.metrics(), e.cost() != null ? e.cost() : cost, seconds);
        for (Objective o : problem.objectives()) {
            double v = o.value(e);
            if (Double.isNaN(v)) {
                throw new IllegalStateException(
                        "objective " + o + " is NaN for candidate " + arch.encode());
            }
        }
        return new Candidate<>(index, generation, slot, arch, e);
    }

    private int restore(
            RunDirectory dir,
            SearchProblem<A> problem,
            JsonObject fingerprint,
            SeededRandom rng,
            CandidateFilter<A> filter,
            List<Candidate<A>> all,
            Map<Integer, Map<Integer, JsonObject>> pending) {
        JsonObject cp = dir.readJson(RunDirectory.CHECKPOINT);
        int generation = 0;
        int evaluated = 0;
        if (cp != null) {
            JsonObject saved = cp.getAsJsonObject("settings");
            for (String key : fingerprint.keySet()) {
                if (!fingerprint.get(key).equals(saved.get(key))) {
                    throw new RunDirectoryConflictException(
                            "cannot resume "
                                    + dir.root()
                                    + ": its "
                                    + key
                                    + " was "
                                    + saved.get(key)
                                    + ", now "
                                    + fingerprint.get(key));
                }
            }
            generation = cp.get("generation").getAsInt();
            evaluated = cp.get("evaluated").getAsInt();
            rng.setState(cp.get("rng_state").getAsLong());
        }
        for (JsonObject rec : dir.log().readAll()) {
            int g = rec.get("generation").getAsInt();
            if (g < generation) {
                Candidate<A> c = CandidateRecord.fromJson(rec, problem.space());
                all.add(c);
                filter.markSeen(c.architecture().encode());
            } else {
                // Logged after the last checkpoint: replayed, not evaluated again.
                pending.computeIfAbsent(g, x -> new HashMap<>()).put(rec.get("slot").getAsInt(), rec);
            }
        }
        if (all.size() != evaluated) {
            throw new IllegalStateException(
                    "the log in "
                            + dir.root()
                            + " has "
                            + all.size()
                            + " candidates before generation "
                            + generation
                            + ", the checkpoint says "
                            + evaluated);
        }
        LOG.info(
                "resuming {} at generation {} with {} candidates done",
                dir.root(),
                generation,
                all.size() + pending.values().stream().mapToInt(Map::size).sum());
        return generation;
    }

    private JsonObject fingerprint(SearchProblem<A> problem) {
        JsonObject o = new JsonObject();
        o.addProperty("strategy", describe());
        o.addProperty("space", problem.space().describe());
        o.addProperty("evaluator", problem.evaluator().describe());
        o.addProperty("constraints", problem.constraints().describe());
        o.addProperty("objectives", problem.objectives().toString());
        o.addProperty("seed", problem.seed());
        return o;
    }

    private void writeCheckpoint(
            RunDirectory dir,
            JsonObject fingerprint,
            int generation,
            SeededRandom rng,
            List<Candidate<A>> all,
            SearchProblem<A> problem) {
        JsonObject o = new JsonObject();
        o.addProperty("format", CHECKPOINT_FORMAT);
        o.add("settings", fingerprint);
        o.addProperty("generation", generation);
        o.addProperty("evaluated", all.size());
        o.addProperty("rng_state", rng.state());
        JsonArray pop = new JsonArray();
        for (Candidate<A> c : population(all, problem)) {
            pop.add(c.architecture().encode());
        }
        o.add("population", pop);
        dir.writeJsonAtomically(RunDirectory.CHECKPOINT, o);
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
