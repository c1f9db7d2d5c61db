package org.nas4det.core.search;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.CandidateTask;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Objective;
import org.nas4det.core.Ranking;
import org.nas4det.core.SearchHistory;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;

/**
 * One generation of a {@link GenerationalSearch}: the candidates the log already holds are taken
 * from it, the others go to the problem's executor as one batch; every candidate is then logged,
 * added to the history and announced in slot order, whatever order the executor evaluated them in.
 *
 * @param <A> the architecture type
 */
final class GenerationRun<A extends Architecture> {

    private final SearchProblem<A> problem;
    private final RunDirectory dir;
    private final SearchLog log;
    private final CandidateFilter<A> filter;
    private final SearchHistory<A> all;
    private final int generation;
    private final List<A> batch;
    private final Map<Integer, JsonObject> replay;
    private final int total;
    // The strategy's own progress units before and after this generation (-1: count candidates).
    private final int unitsBefore;
    private final int unitsAfter;
    private Candidate<A> best;
    private int next;
    private int replayed;
    // Evaluated candidates not yet handed to the log's writer: a generation's are handed over
    // together (in slot order), or whenever 100 ms have passed since the last hand-over.
    private List<Candidate<A>> logged = new ArrayList<>();
    private long handedOver = System.nanoTime();

    GenerationRun(SearchProblem<A> problem, RunDirectory dir, SearchLog log, CandidateFilter<A> filter,
            SearchHistory<A> all, int generation, List<A> batch, Map<Integer, JsonObject> replay, int total,
            Candidate<A> best, int unitsBefore, int unitsAfter) {
        this.problem = problem;
        this.dir = dir;
        this.log = log;
        this.filter = filter;
        this.all = all;
        this.generation = generation;
        this.batch = batch;
        this.replay = replay;
        this.total = total;
        this.best = best;
        this.unitsBefore = unitsBefore;
        this.unitsAfter = unitsAfter;
    }

    /**
     * Runs the generation.
     *
     * @return the best candidate so far (under the primary objective)
     */
    Candidate<A> run() {
        int first = all.size();
        List<CandidateTask<A>> tasks = new ArrayList<>();
        for (int slot = 0; slot < batch.size(); slot++) {
            if (!replay.containsKey(slot)) {
                tasks.add(new CandidateTask<>(first + slot, generation, slot, batch.get(slot)));
            }
        }
        // The logged candidates before the first new one are taken (and checked) before any evaluation.
        replayUpTo(tasks.isEmpty() ? batch.size() : tasks.get(0).slot());
        Throwable failed = null;
        try {
            if (!tasks.isEmpty()) {
                problem.executor().evaluate(tasks, problem.evaluator(), this::take);
            }
            replayUpTo(batch.size());
        } catch (Throwable t) {
            failed = t;
            throw t;
        } finally {
            // Also when an evaluation failed: what was evaluated before it is not evaluated again.
            if (dir != null) {
                handOver(failed);
            }
        }
        if (next != batch.size()) {
            throw new IllegalStateException("the executor " + problem.executor().describe() + " returned "
                    + (next - replayed) + " of the " + tasks.size() + " evaluations of generation " + generation);
        }
        if (replayed != replay.size()) {
            throw new RunDirectoryConflictException("the log in " + dir.root() + " has more candidates for generation "
                    + generation + " than this search proposes: it was written with other settings");
        }
        return best;
    }

    /** Takes an evaluated candidate, after the logged ones before it. */
    private void take(CandidateTask<A> task, Evaluation e) {
        replayUpTo(task.slot());
        if (task.slot() != next || task.generation() != generation) {
            throw new IllegalStateException("the executor " + problem.executor().describe() + " returned slot "
                    + task.slot() + " of generation " + task.generation() + " where slot " + next + " of generation "
                    + generation + " was due: executors must return evaluations in candidate order");
        }
        A arch = task.architecture();
        Cost cost = filter.takeCost(arch);
        if (e.cost() == null) {
            e = e.withCost(cost);
        }
        for (Objective o : problem.objectives()) {
            if (Double.isNaN(o.value(e))) {
                throw new IllegalStateException("objective " + o + " is NaN for candidate " + arch.encode());
            }
        }
        Candidate<A> c = new Candidate<>(all.size(), generation, task.slot(), arch, e);
        if (dir != null) {
            logged.add(c);
            if (System.nanoTime() - handedOver >= SearchLog.FLUSH_NANOS) {
                // Slow candidates (trained ones) reach the file one by one, as before the writer thread.
                handOver();
            }
        }
        add(c);
    }

    /** Hands over; a log's failure is added to {@code failed} (the evaluation's) when that is in flight. */
    private void handOver(Throwable failed) {
        try {
            handOver();
        } catch (RuntimeException e) {
            if (failed == null) {
                throw e;
            }
            failed.addSuppressed(e);
        }
    }

    private void handOver() {
        if (!logged.isEmpty()) {
            log.appendLater(logged, CandidateRecord::writeLine);
            logged = new ArrayList<>();
        }
        handedOver = System.nanoTime();
    }

    private void replayUpTo(int slot) {
        while (next < slot) {
            JsonObject record = replay.get(next);
            if (record == null) {
                return;
            }
            A arch = batch.get(next);
            Candidate<A> c = CandidateRecord.fromJson(record, problem.space());
            if (!c.architecture().encode().equals(arch.encode()) || c.index() != all.size()) {
                throw new RunDirectoryConflictException("the log in " + dir.root()
                        + " does not match this search at generation " + generation + " slot " + next + ": it holds "
                        + c.architecture().encode() + ", the search proposes " + arch.encode()
                        + " (was it started with other settings? resume with those, or use an empty directory)");
            }
            filter.takeCost(arch);
            replayed++;
            add(c);
        }
    }

    private void add(Candidate<A> c) {
        all.add(c);
        next++;
        // In the strategy's own units, this generation's are shared out evenly over its candidates.
        int done = unitsBefore < 0 ? all.size()
                : unitsBefore + (int) ((long) (unitsAfter - unitsBefore) * next / batch.size());
        Objective primary = problem.objectives().get(0);
        if (best == null || Ranking.<A>byObjective(primary).compare(c, best) < 0) {
            best = c;
        }
        for (SearchListener l : problem.listeners()) {
            l.onCandidate(c, best, done, total);
        }
    }
}
