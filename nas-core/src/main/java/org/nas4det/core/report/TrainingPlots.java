package org.nas4det.core.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.nas4det.core.report.chart.Chart;
import org.nas4det.core.report.chart.Marker;
import org.nas4det.core.report.chart.Series;

/**
 * Training curves of several runs in one chart (PNG and SVG), e.g. the quick start's two detectors.
 *
 * <pre>{@code TrainingPlots.losses(Map.of("MAE-DET", curveA, "ResNet-18/4", curveB), 25, runDir.resolve("losses"));}</pre>
 */
public final class TrainingPlots {

    private TrainingPlots() {}

    /**
     * Writes {@code base.png} and {@code base.svg}: each run's total loss against the iteration,
     * as a running mean over a window (single steps are noisy at small batches).
     *
     * @param curves run name to (iteration to total loss), in legend order
     * @param window steps averaged, at least 1
     * @param base path without extension
     */
    public static void losses(Map<String, SortedMap<Integer, Double>> curves, int window, Path base) {
        Chart.Builder chart = Chart.builder().setTitle("Training loss").setXAxisTitle("iteration")
                .setYAxisTitle("total loss (running mean of " + window + " steps)");
        boolean any = false;
        for (Map.Entry<String, SortedMap<Integer, Double>> e : curves.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            runningMean(e.getValue(), Math.max(1, window), x, y);
            if (x.isEmpty()) {
                continue;
            }
            double[] xs = x.stream().mapToDouble(Double::doubleValue).toArray();
            double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
            chart.addSeries(Series.of(e.getKey(), xs, ys, xs.length, Marker.NONE, true));
            any = true;
        }
        if (any) {
            chart.build().save(base);
        }
    }

    /**
     * The running mean the plot draws, for printing a curve as text. Non-finite losses (a diverged
     * step) are left out: they would hide the rest of the curve.
     *
     * @param curve iteration (from 0) to loss
     * @param window steps averaged, at least 1
     * @param x receives the iterations done (from 1)
     * @param y receives the running means
     */
    public static void runningMean(SortedMap<Integer, Double> curve, int window, List<Double> x, List<Double> y) {
        double[] ring = new double[window];
        int n = 0;
        double sum = 0;
        for (Map.Entry<Integer, Double> p : curve.entrySet()) {
            double v = p.getValue();
            if (!Double.isFinite(v)) {
                continue;
            }
            int slot = n % window;
            sum += v - (n >= window ? ring[slot] : 0);
            ring[slot] = v;
            n++;
            x.add((double) p.getKey() + 1);
            y.add(sum / Math.min(n, window));
        }
    }
}
