package org.nas4det.core.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Objective;
import org.nas4det.core.report.chart.Chart;
import org.nas4det.core.report.chart.Marker;
import org.nas4det.core.report.chart.Series;

/**
 * Draws the two search charts as PNG and SVG: progress (each candidate's score and the best so
 * far against candidates evaluated) and Pareto (score against a cost quantity, the front
 * highlighted, the budget as a vertical line). Drawn by {@link Chart} (our own writer, not a
 * chart library): the final drawing of a search of 100,000 candidates has to fit in a few
 * hundredths of a second.
 *
 * <pre>{@code SearchPlots.progress(all, Objective.maximize("mAP"), dir.resolve("progress"));}</pre>
 */
public final class SearchPlots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private SearchPlots() {}

    /** At most this many bins along the progress chart's x axis (two points each: min and max). */
    static final int PROGRESS_BINS = 500;
    /** The charts' size, pixels. */
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** The warm-up's: the smallest a chart may be. */
    private static final int WARM_UP_WIDTH = 300;
    private static final int WARM_UP_HEIGHT = 200;
    /** The Pareto chart keeps one candidate per cell of this grid. */
    static final int GRID_X = 100;
    static final int GRID_Y = 60;
    /** At most this many points of the front are drawn. */
    static final int FRONT_POINTS = 2000;

    /**
     * The numbers the charts need of every candidate, in order of evaluation, in primitive arrays
     * that grow as candidates arrive (a listener adds each once; nothing is recomputed).
     */
    public static final class Points {
        private final Objective objective;
        private final String costQuantity;
        private double[] x = new double[1024];
        private double[] value = new double[1024];
        private double[] utility = new double[1024];
        private double[] cost = new double[1024];
        private boolean[] hasCost = new boolean[1024];
        private int n;
        // The Pareto front of utility (up) against cost (down) as a staircase: indices of points by
        // rising cost and rising utility, kept as points arrive (O(log f) to test a point, an array
        // shift to insert one). Points equal in both to a member are left out: they draw the same.
        private int[] front = new int[64];
        private int frontSize;

        /**
         * Creates an empty set.
         *
         * @param objective the objective plotted (y)
         * @param costQuantity the cost quantity of the Pareto chart (x)
         */
        public Points(Objective objective, String costQuantity) {
            this.objective = objective;
            this.costQuantity = costQuantity;
        }

        /**
         * Adds a candidate.
         *
         * @param c the candidate
         */
        public void add(Candidate<?> c) {
            if (n == x.length) {
                int m = 2 * n;
                x = Arrays.copyOf(x, m);
                value = Arrays.copyOf(value, m);
                utility = Arrays.copyOf(utility, m);
                cost = Arrays.copyOf(cost, m);
                hasCost = Arrays.copyOf(hasCost, m);
            }
            x[n] = c.index() + 1;
            value[n] = objective.value(c.evaluation());
            utility[n] = objective.utility(c.evaluation());
            hasCost[n] = c.cost() != null && costQuantity != null;
            cost[n] = hasCost[n] ? c.cost().get(costQuantity) : Double.NaN;
            if (hasCost[n]) {
                addToFront(n);
            }
            n++;
        }

        private void addToFront(int i) {
            double u = utility[i];
            double c = cost[i];
            if (Double.isNaN(u) || Double.isNaN(c)) {
                return; // no place on the chart's front
            }
            // k: the last member that costs no more; it has the highest utility of those that do.
            int lo = 0;
            int hi = frontSize;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cost[front[mid]] <= c) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int k = lo - 1;
            if (k >= 0 && utility[front[k]] >= u) {
                return; // dominated (or equal)
            }
            // The new point dominates member k if it costs as much (and is more useful, or it would
            // have been dominated), and the members after k that are not more useful.
            int at = k >= 0 && cost[front[k]] == c ? k : k + 1;
            int end = k + 1;
            while (end < frontSize && utility[front[end]] <= u) {
                end++;
            }
            int removed = end - at;
            if (removed == 0 && frontSize == front.length) {
                front = Arrays.copyOf(front, 2 * front.length);
            }
            System.arraycopy(front, end, front, at + 1, frontSize - end);
            front[at] = i;
            frontSize += 1 - removed;
        }

        /** @return the front's points (indices, by rising cost), see the field's comment */
        int[] front() {
            return Arrays.copyOf(front, frontSize);
        }

        /** @return how many candidates were added */
        public int size() {
            return n;
        }

        /** @return a copy of the points so far, e.g. for drawing on another thread */
        public Points copy() {
            Points c = new Points(objective, costQuantity);
            c.x = Arrays.copyOf(x, n);
            c.value = Arrays.copyOf(value, n);
            c.utility = Arrays.copyOf(utility, n);
            c.cost = Arrays.copyOf(cost, n);
            c.hasCost = Arrays.copyOf(hasCost, n);
            c.n = n;
            c.front = Arrays.copyOf(front, Math.max(1, frontSize));
            c.frontSize = frontSize;
            return c;
        }
    }

    /**
     * Writes {@code base.png} and {@code base.svg} of the search progress.
     *
     * @param all every candidate in order of evaluation
     * @param objective the objective plotted
     * @param base path without extension
     * @param <A> the architecture type
     */
    public static <A extends Architecture> void progress(
            List<Candidate<A>> all, Objective objective, Path base) {
        Points p = new Points(objective, null);
        all.forEach(p::add);
        progress(p, base);
    }

    /**
     * Writes {@code base.png} and {@code base.svg} of the search progress: the candidates
     * downsampled to the lowest and highest score of each of at most {@value #PROGRESS_BINS} bins
     * along the x axis, and the best so far as a step line through its changes.
     *
     * @param p the candidates' numbers
     * @param base path without extension
     */
    public static void progress(Points p, Path base) {
        if (p.n > 0) {
            progressChart(p, WIDTH, HEIGHT).save(base);
        }
    }

    private static Chart progressChart(Points p, int width, int height) {
        Xy pop = new Xy();
        int bins = Math.min(PROGRESS_BINS, p.n);
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) b * p.n / bins);
            int to = (int) ((long) (b + 1) * p.n / bins);
            int lo = from;
            int hi = from;
            for (int i = from + 1; i < to; i++) {
                if (p.value[i] < p.value[lo]) {
                    lo = i;
                }
                if (p.value[i] > p.value[hi]) {
                    hi = i;
                }
            }
            pop.add(p.x[Math.min(lo, hi)], p.value[Math.min(lo, hi)]);
            if (lo != hi) {
                pop.add(p.x[Math.max(lo, hi)], p.value[Math.max(lo, hi)]);
            }
        }
        Xy best = new Xy();
        double bestUtility = Double.NEGATIVE_INFINITY;
        double bestValue = p.value[0];
        for (int i = 0; i < p.n; i++) {
            if (p.utility[i] > bestUtility) {
                if (best.n > 0) {
                    best.add(p.x[i], bestValue); // a step: the old best up to here, then the new one
                }
                bestUtility = p.utility[i];
                bestValue = p.value[i];
                best.add(p.x[i], bestValue);
            }
        }
        if (best.n == 0 || best.x[best.n - 1] != p.x[p.n - 1]) {
            best.add(p.x[p.n - 1], bestValue);
        }
        return Chart.builder()
                .optSize(width, height)
                .setTitle("Search progress")
                .setXAxisTitle("candidates evaluated")
                .setYAxisTitle(p.objective.name())
                .addSeries(pop.series("candidates", Marker.CIRCLE, false))
                .addSeries(best.series("best so far", Marker.NONE, true))
                .build();
    }

    /**
     * Writes {@code base.png} and {@code base.svg} of score against cost.
     *
     * @param all every candidate
     * @param objective the score objective (y)
     * @param costQuantity the cost quantity (x), e.g. {@code conv_macs}
     * @param budget the budget on that quantity, or NaN for none
     * @param base path without extension
     * @param <A> the architecture type
     */
    public static <A extends Architecture> void pareto(
            List<Candidate<A>> all, Objective objective, String costQuantity, double budget, Path base) {
        Points p = new Points(objective, costQuantity);
        all.forEach(p::add);
        pareto(p, budget, base);
    }

    /**
     * Writes {@code base.png} and {@code base.svg} of score against cost: the candidates
     * downsampled to one per cell of a {@value #GRID_X}x{@value #GRID_Y} grid, the Pareto front the
     * points keep as they arrive (at most {@value #FRONT_POINTS} of its points; points equal in
     * score and cost to one on the front are drawn once) highlighted, the budget as a vertical line.
     *
     * @param p the candidates' numbers
     * @param budget the budget on the cost quantity, or NaN for none
     * @param base path without extension
     */
    public static void pareto(Points p, double budget, Path base) {
        int[] front = p.front();
        double[] fx = new double[front.length];
        double[] fy = new double[front.length];
        for (int i = 0; i < front.length; i++) {
            fx[i] = p.cost[front[i]];
            fy[i] = p.value[front[i]];
        }
        Chart chart = paretoChart(p, fx, fy, budget, WIDTH, HEIGHT);
        if (chart != null) {
            chart.save(base);
        }
    }

    /** @return the chart, or null when no candidate has a cost */
    private static Chart paretoChart(Points p, double[] frontX, double[] frontY, double budget, int width, int height) {
        String costQuantity = p.costQuantity;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        int withCost = 0;
        for (int i = 0; i < p.n; i++) {
            if (p.hasCost[i]) {
                withCost++;
                minX = Math.min(minX, p.cost[i]);
                maxX = Math.max(maxX, p.cost[i]);
                minY = Math.min(minY, p.value[i]);
                maxY = Math.max(maxY, p.value[i]);
            }
        }
        if (withCost == 0) {
            return null;
        }
        Xy all = new Xy();
        boolean[] taken = new boolean[GRID_X * GRID_Y];
        for (int i = 0; i < p.n; i++) {
            if (!p.hasCost[i]) {
                continue;
            }
            int cx = cell(p.cost[i], minX, maxX, GRID_X);
            int cy = cell(p.value[i], minY, maxY, GRID_Y);
            if (!taken[cy * GRID_X + cx]) {
                taken[cy * GRID_X + cx] = true;
                all.add(p.cost[i], p.value[i]);
            }
        }
        Chart.Builder chart = Chart.builder()
                .optSize(width, height)
                .setTitle("Score against cost")
                .setXAxisTitle(costQuantity)
                .setYAxisTitle(p.objective.name())
                .addSeries(all.series("candidates", Marker.CIRCLE, false));
        Xy f = new Xy();
        int step = Math.max(1, (frontX.length + FRONT_POINTS - 1) / FRONT_POINTS);
        for (int i = 0; i < frontX.length; i++) {
            if (i % step == 0 || i == frontX.length - 1) {
                f.add(frontX[i], frontY[i]);
            }
        }
        if (f.n > 0) {
            chart.addSeries(f.series("Pareto front", Marker.DIAMOND, true));
        }
        if (!Double.isNaN(budget)) {
            Xy line = new Xy();
            line.add(budget, minY);
            line.add(budget, maxY);
            chart.addSeries(line.series("budget", Marker.NONE, true));
        }
        return chart.build();
    }

    /**
     * Starts AWT, the fonts and both writers by drawing both charts of a few made-up points into
     * nothing: the first real drawing then costs what any other does. At the smallest size: the
     * per-pixel loops (the PNG filter) would otherwise run their 400,000 pixels twice in the
     * interpreter and be compiled by C2 in the search's first second, which cost a fresh paper-scale
     * CLI search about 7 % of its rate on two cores (the final charts run them warm enough).
     */
    static void warmUp() {
        Points p = new Points(Objective.maximize("score"), "params");
        for (int i = 0; i < 3; i++) {
            p.x[i] = i + 1;
            p.value[i] = i;
            p.utility[i] = i;
            p.cost[i] = 10 * (i + 1);
            p.hasCost[i] = true;
        }
        p.n = 3;
        try {
            for (Chart chart : List.of(progressChart(p, WARM_UP_WIDTH, WARM_UP_HEIGHT),
                    paretoChart(p, new double[] {10, 30}, new double[] {0, 2}, 20, WARM_UP_WIDTH, WARM_UP_HEIGHT))) {
                chart.writePng(OutputStream.nullOutputStream());
                chart.svg();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int cell(double v, double lo, double hi, int cells) {
        if (!(hi > lo) || Double.isNaN(v)) {
            return 0;
        }
        return (int) Math.min(cells - 1, Math.max(0, (v - lo) / (hi - lo) * cells));
    }

    /** Points gathered for one series, in arrays that grow. */
    private static final class Xy {
        private double[] x = new double[64];
        private double[] y = new double[64];
        private int n;

        void add(double px, double py) {
            if (n == x.length) {
                x = Arrays.copyOf(x, 2 * n);
                y = Arrays.copyOf(y, 2 * n);
            }
            x[n] = px;
            y[n] = py;
            n++;
        }

        Series series(String name, Marker marker, boolean line) {
            return Series.of(name, x, y, n, marker, line);
        }
    }
}
