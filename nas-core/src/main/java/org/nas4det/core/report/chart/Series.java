package org.nas4det.core.report.chart;

import java.util.Arrays;

/**
 * One named set of points of a chart, drawn as markers, a line through them, or both. Points
 * that are not finite are not drawn.
 *
 * <pre>{@code Series s = Series.of("best so far", x, y, n, Marker.NONE, true);}</pre>
 */
public final class Series {

    private final String name;
    private final double[] x;
    private final double[] y;
    private final Marker marker;
    private final boolean line;

    private Series(String name, double[] x, double[] y, Marker marker, boolean line) {
        this.name = name;
        this.x = x;
        this.y = y;
        this.marker = marker;
        this.line = line;
    }

    /**
     * Creates a series of the first {@code n} points of two arrays (copied).
     *
     * @param name its name in the legend
     * @param x the x values
     * @param y the y values
     * @param n how many points
     * @param marker the symbol at each point, or {@link Marker#NONE}
     * @param line whether a line joins the points in their order
     * @return the series
     */
    public static Series of(String name, double[] x, double[] y, int n, Marker marker, boolean line) {
        if (n > x.length || n > y.length) {
            throw new IllegalArgumentException("series " + name + ": " + n + " points, arrays of " + x.length + " and " + y.length);
        }
        if (marker == Marker.NONE && !line) {
            throw new IllegalArgumentException("series " + name + " has neither markers nor a line");
        }
        return new Series(name, Arrays.copyOf(x, n), Arrays.copyOf(y, n), marker, line);
    }

    /** @return its name in the legend */
    public String name() {
        return name;
    }

    /** @return how many points */
    public int size() {
        return x.length;
    }

    /**
     * @param i the point
     * @return its x value
     */
    public double x(int i) {
        return x[i];
    }

    /**
     * @param i the point
     * @return its y value
     */
    public double y(int i) {
        return y[i];
    }

    /**
     * @param i the point
     * @return whether it is drawn (both values finite)
     */
    public boolean drawn(int i) {
        return Double.isFinite(x[i]) && Double.isFinite(y[i]);
    }

    /** @return the symbol at each point */
    public Marker marker() {
        return marker;
    }

    /** @return whether a line joins the points */
    public boolean line() {
        return line;
    }
}
