package org.nas4det.core.report;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.ParetoArchive;

/**
 * Keeps {@code progress.png/.svg} and {@code pareto.png/.svg} up to date in the run directory.
 * The points and the Pareto front are gathered as candidates arrive (the front incrementally, see
 * {@link ParetoArchive}), so nothing is recomputed from the whole history. Drawing happens on a
 * background thread from a copy of the points, so the search does not wait for it: the chart
 * library is started there when the search starts (AWT and fonts take most of a second), the
 * charts are drawn after the first generation, then at most every {@value #MIN_INTERVAL_S} s (and
 * never taking more than a twentieth of the time), and always at the end, where the search waits
 * for the two charts drawn side by side (one on each thread), from downsampled points.
 *
 * <pre>{@code problem.listener(new PlotListener("conv_macs"));}</pre>
 */
public final class PlotListener implements SearchListener {

    /** Least seconds between two redraws during a search. */
    static final int MIN_INTERVAL_S = 5;

    private final String costQuantity;
    private Path dir;
    private Objective primary;
    private double budget = Double.NaN;
    private SearchPlots.Points points;
    private ParetoArchive<Architecture> front;
    private int seen;
    private volatile long lastDrawEnd;
    private volatile long lastDrawNanos;
    private volatile boolean drawn;
    private boolean firstQueued;
    private ExecutorService drawer;
    private Future<?> inFlight;

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
        primary = problem.objectives().get(0);
        budget = Double.NaN;
        for (Constraints.Limit l : problem.constraints().limits()) {
            if (l.quantity().equals(costQuantity)
                    || (costQuantity.equals("macs") && l.quantity().equals("conv_macs"))) {
                budget = l.max();
            }
        }
        points = new SearchPlots.Points(primary, costQuantity);
        front = new ParetoArchive<>(List.of(primary, Objective.minimizeCost(costQuantity)));
        seen = 0;
        drawn = false;
        firstQueued = false;
        if (dir != null) {
            // A failure here shows again, and is reported, at the first drawing.
            drawer().submit(SearchPlots::warmUp);
        }
    }

    @Override
    public void onGeneration(int generation, List<? extends Candidate<?>> all) {
        gather(all);
        if (dir == null || points == null || points.size() == 0) {
            return;
        }
        if (!drawn) {
            if (!firstQueued) {
                // Runs after the chart library's start on the drawer thread.
                firstQueued = true;
                queueDraw();
            }
            return;
        }
        long wait = Math.max(MIN_INTERVAL_S * 1_000_000_000L, 19 * lastDrawNanos);
        if (System.nanoTime() - lastDrawEnd >= wait && (inFlight == null || inFlight.isDone())) {
            finishInFlight();
            queueDraw();
        }
    }

    private void queueDraw() {
        SearchPlots.Points copy = points.copy();
        List<Candidate<Architecture>> f = front.front();
        lastDrawEnd = System.nanoTime();
        inFlight = drawer().submit(() -> draw(copy, f));
    }

    @Override
    public void onFinish(SearchResult<?> result) {
        gather(result.candidates());
        try {
            finishInFlight();
            if (dir != null && points != null && points.size() > 0) {
                // The two charts side by side: progress on the drawer, Pareto here.
                inFlight = drawer().submit(() -> SearchPlots.progress(points, dir.resolve("progress")));
                SearchPlots.pareto(points, front.front(), budget, dir.resolve("pareto"));
                finishInFlight();
            }
        } finally {
            if (drawer != null) {
                drawer.shutdown();
                drawer = null;
            }
        }
    }

    /** Waits for a background redraw; its failure (say, a full disk) fails the search here. */
    private void finishInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException
                    ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
        } finally {
            inFlight = null;
        }
    }

    private ExecutorService drawer() {
        if (drawer == null) {
            drawer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "search-plots");
                t.setDaemon(true);
                return t;
            });
        }
        return drawer;
    }

    @SuppressWarnings("unchecked")
    private void gather(List<? extends Candidate<?>> all) {
        if (points == null) {
            return;
        }
        for (int i = seen; i < all.size(); i++) {
            Candidate<Architecture> c = (Candidate<Architecture>) all.get(i);
            points.add(c);
            if (c.cost() != null) {
                front.add(c);
            }
        }
        seen = all.size();
    }

    private void draw(SearchPlots.Points p, List<Candidate<Architecture>> f) {
        long t0 = System.nanoTime();
        SearchPlots.progress(p, dir.resolve("progress"));
        SearchPlots.pareto(p, f, budget, dir.resolve("pareto"));
        lastDrawEnd = System.nanoTime();
        lastDrawNanos = lastDrawEnd - t0;
        drawn = true;
    }
}
