package org.nas4det.core.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;

/**
 * Keeps {@code progress.png/.svg} and {@code pareto.png/.svg} up to date in the run directory.
 * All of it happens on a drawer thread, so the search hands over each generation's candidates and
 * goes on: AWT and the fonts are started there when the search starts (about a tenth of a second);
 * the points and the Pareto front are gathered there as candidates arrive (the front as a
 * staircase of primitive indices, see {@link SearchPlots.Points}), so nothing is recomputed from
 * the whole history; the charts are drawn at the end of a generation once {@value
 * #MIN_INTERVAL_S} s have passed since the start or the last drawing (and never taking more than a
 * twentieth of the time; not when the search, at its pace so far, ends within that interval
 * anyway), and always at the end, where the search waits for the two charts drawn side by side
 * (progress on the drawer, Pareto on the search thread), from downsampled points. A failed drawing (say, a full disk) fails
 * the search at its next generation.
 *
 * <pre>{@code SearchProblem.builder(space, evaluator).addListener(new PlotListener("conv_macs"));}</pre>
 */
public final class PlotListener implements SearchListener {

    /** Least seconds between two redraws during a search. */
    static final int MIN_INTERVAL_S = 5;
    /** Seconds the drawer thread waits for work before it ends. */
    static final int DRAWER_IDLE_S = 2;

    private final String costQuantity;
    private Path dir;
    private double budget = Double.NaN;
    private int seen;
    private int total;
    private int startDone;
    private long started;
    private ExecutorService drawer;
    private volatile RuntimeException failure;
    // Touched on the drawer thread only, and read by the search thread at the end once the drawer
    // has gathered everything (Future.get orders the two).
    private SearchPlots.Points points;
    private long lastDrawEnd;
    private long lastDrawNanos;

    /**
     * Creates the listener.
     *
     * @param costQuantity the cost quantity on the Pareto chart's x axis, e.g. {@code conv_macs}
     */
    public PlotListener(String costQuantity) {
        this.costQuantity = costQuantity;
    }

    @Override
    public void onStart(SearchProblem<?> problem, int total, int done) {
        dir = problem.runDirectory();
        if (dir == null) {
            return;
        }
        Objective primary = problem.objectives().get(0);
        budget = Double.NaN;
        for (Constraints.Limit l : problem.constraints().limits()) {
            if (l.quantity().equals(costQuantity)
                    || (costQuantity.equals("macs") && l.quantity().equals("conv_macs"))) {
                budget = l.max();
            }
        }
        points = new SearchPlots.Points(primary, costQuantity);
        seen = 0;
        this.total = total;
        startDone = done;
        started = System.nanoTime();
        // The first drawing, too, waits for the interval: a search of a few seconds is drawn once, at its end.
        lastDrawEnd = System.nanoTime();
        lastDrawNanos = 0;
        failure = null;
        submit(SearchPlots::warmUp);
    }

    @Override
    public void onGeneration(int generation, List<? extends Candidate<?>> all) {
        if (dir == null) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        List<Candidate<?>> batch = newSince(all);
        // No drawing when the search, at its pace so far, ends (and is drawn) within the interval.
        long now = System.nanoTime();
        int fresh = seen - startDone;
        boolean endNear = fresh > 0 && seen < total
                && (double) (now - started) / fresh * (total - seen) < MIN_INTERVAL_S * 1e9;
        submit(() -> {
            gather(batch);
            long wait = Math.max(MIN_INTERVAL_S * 1_000_000_000L, 19 * lastDrawNanos);
            if (points.size() > 0 && !endNear && System.nanoTime() - lastDrawEnd >= wait) {
                draw();
            }
        });
    }

    @Override
    public void onFinish(SearchResult<?> result) {
        if (dir == null) {
            return;
        }
        try {
            List<Candidate<?>> batch = newSince(result.candidates());
            await(submit(() -> gather(batch)));
            if (failure == null && points.size() > 0) {
                Future<?> progress = submit(() -> SearchPlots.progress(points, dir.resolve("progress")));
                SearchPlots.pareto(points, budget, dir.resolve("pareto"));
                await(progress);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            drawer.shutdown();
            drawer = null;
        }
    }

    private List<Candidate<?>> newSince(List<? extends Candidate<?>> all) {
        List<Candidate<?>> batch = new ArrayList<>(all.subList(Math.min(seen, all.size()), all.size()));
        seen = all.size();
        return batch;
    }

    /** Runs a task on the drawer thread after the earlier ones; a failure stops the later ones. */
    private Future<?> submit(Runnable task) {
        if (drawer == null) {
            // One thread, which ends when idle: a search that fails never calls onFinish, and
            // must not leave its drawer behind (it is started again for the next task).
            ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, DRAWER_IDLE_S, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "search-plots");
                        t.setDaemon(true);
                        return t;
                    });
            one.allowCoreThreadTimeOut(true);
            drawer = one;
        }
        return drawer.submit(() -> {
            if (failure != null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        });
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the search plots", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void gather(List<Candidate<?>> batch) {
        for (Candidate<?> c : batch) {
            points.add(c);
        }
    }

    private void draw() {
        long t0 = System.nanoTime();
        SearchPlots.progress(points, dir.resolve("progress"));
        SearchPlots.pareto(points, budget, dir.resolve("pareto"));
        lastDrawEnd = System.nanoTime();
        lastDrawNanos = lastDrawEnd - t0;
    }
}
