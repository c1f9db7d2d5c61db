package org.nas4det.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Objective;
import org.nas4det.core.Ranking;

/**
 * Draws the two search charts as PNG and SVG: progress (each candidate's score and the best so
 * far against candidates evaluated) and Pareto (score against a cost quantity, the front
 * highlighted, the budget as a vertical line).
 *
 * <pre>{@code SearchPlots.progress(all, Objective.maximize("mAP"), dir.resolve("progress"));}</pre>
 */
public final class SearchPlots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private SearchPlots() {}

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
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title("Search progress")
                        .xAxisTitle("candidates evaluated")
                        .yAxisTitle(objective.name())
                        .build();
        chart.getStyler().setLegendVisible(true);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        double b = Double.NaN;
        double bestUtility = Double.NEGATIVE_INFINITY;
        for (Candidate<A> c : all) {
            double v = objective.value(c.evaluation());
            x.add((double) c.index() + 1);
            y.add(v);
            if (objective.utility(c.evaluation()) > bestUtility) {
                bestUtility = objective.utility(c.evaluation());
                b = v;
            }
            best.add(b);
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries pop = chart.addSeries("candidates", x, y);
        pop.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pop.setMarker(SeriesMarkers.CIRCLE);
        XYSeries bestSeries = chart.addSeries("best so far", x, best);
        bestSeries.setMarker(SeriesMarkers.NONE);
        save(chart, base);
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
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title("Score against cost")
                        .xAxisTitle(costQuantity)
                        .yAxisTitle(objective.name())
                        .build();
        List<Candidate<A>> withCost = new ArrayList<>();
        for (Candidate<A> c : all) {
            if (c.cost() != null) {
                withCost.add(c);
            }
        }
        if (withCost.isEmpty()) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Candidate<A> c : withCost) {
            x.add(c.cost().get(costQuantity));
            y.add(objective.value(c.evaluation()));
        }
        XYSeries s = chart.addSeries("candidates", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        List<Candidate<A>> front =
                new ArrayList<>(
                        Ranking.paretoFront(
                                withCost, List.of(objective, Objective.minimizeCost(costQuantity))));
        front.sort((a, b) -> Double.compare(a.cost().get(costQuantity), b.cost().get(costQuantity)));
        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        for (Candidate<A> c : front) {
            fx.add(c.cost().get(costQuantity));
            fy.add(objective.value(c.evaluation()));
        }
        XYSeries f = chart.addSeries("Pareto front", fx, fy);
        f.setMarker(SeriesMarkers.DIAMOND);
        if (!Double.isNaN(budget)) {
            double lo = y.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double hi = y.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            XYSeries line = chart.addSeries("budget", new double[] {budget, budget}, new double[] {lo, hi});
            line.setMarker(SeriesMarkers.NONE);
        }
        save(chart, base);
    }

    static void save(XYChart chart, Path base) {
        Path dir = base.toAbsolutePath().getParent();
        String name = base.getFileName().toString();
        try {
            // Write next to the target and rename, so a reader never sees half a picture.
            Path tmpPng = dir.resolve(name + ".tmp.png");
            BitmapEncoder.saveBitmap(chart, tmpPng.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(tmpPng, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Path tmpSvg = dir.resolve(name + ".tmp.svg");
            VectorGraphicsEncoder.saveVectorGraphic(
                    chart, tmpSvg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            Files.move(tmpSvg, dir.resolve(name + ".svg"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + base, e);
        }
    }
}
