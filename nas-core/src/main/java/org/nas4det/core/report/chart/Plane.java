package org.nas4det.core.report.chart;

/**
 * Where things go on a chart: the plot area (a fixed frame, so that nothing has to be measured
 * before drawing), the ticks of both axes and the mapping of data to pixels. Both writers use
 * the same plane, so the PNG and the SVG show the same picture.
 *
 * <pre>{@code Plane p = Plane.of(chart); double px = p.px(x), py = p.py(y);}</pre>
 */
final class Plane {

    static final int LEFT = 80;
    static final int TOP = 45;
    static final int BOTTOM = 55;
    /** The legend sits right of the plot area, in this much room at least (more for long names). */
    static final int LEGEND = 140;

    final int left;
    final int top;
    final int right;
    final int bottom;
    final Ticks xTicks;
    final Ticks yTicks;
    private final double xScale;
    private final double yScale;

    private Plane(Chart c, int left, int legend, Ticks xTicks, Ticks yTicks) {
        this.left = left;
        top = TOP;
        right = c.width() - legend;
        bottom = c.height() - BOTTOM;
        this.xTicks = xTicks;
        this.yTicks = yTicks;
        xScale = (right - left) / (xTicks.max() - xTicks.min());
        yScale = (bottom - top) / (yTicks.max() - yTicks.min());
    }

    /** @return the plane of a chart: axes that cover every drawn point, [0, 1] when there is none */
    static Plane of(Chart c) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : c.series()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.drawn(i)) {
                    minX = Math.min(minX, s.x(i));
                    maxX = Math.max(maxX, s.x(i));
                    minY = Math.min(minY, s.y(i));
                    maxY = Math.max(maxY, s.y(i));
                }
            }
        }
        if (minX > maxX) {
            minX = minY = 0;
            maxX = maxY = 1;
        }
        if (!Double.isNaN(c.yMin())) {
            // A fixed range, widened where the data goes beyond it.
            minY = Math.min(minY, c.yMin());
            maxY = Math.max(maxY, c.yMax());
        }
        int h = c.height() - TOP - BOTTOM;
        // About one y tick per 60 pixels; the left margin grows with the longest y label, so
        // that it never reaches the rotated axis title (which ends at x = 18 + a few pixels).
        Ticks yTicks = Ticks.of(minY, maxY, Math.max(2, h / 60));
        int left = Math.max(LEFT, 30 + labelWidth(yTicks));
        int legend = legendWidth(c);
        int w = c.width() - left - legend;
        // About one x tick per 80 pixels (room for a label like 1.85E10), fewer when labels are
        // longer, so that neighbours never touch.
        Ticks xTicks = Ticks.of(minX, maxX, Math.max(2, w / 80));
        for (int target = w / 80; target > 2 && labelWidth(xTicks) + 12 > w / (double) (xTicks.count() - 1); target--) {
            xTicks = Ticks.of(minX, maxX, target - 1);
        }
        return new Plane(c, left, legend, xTicks, yTicks);
    }

    /**
     * Room for the legend: its box starts 12 pixels right of the plot area and ends 8 before the
     * edge, the names 32 pixels into it; wide enough for the longest name, at most a third of the
     * chart (a longer name is cut at the edge).
     */
    static int legendWidth(Chart c) {
        if (!c.legend()) {
            return 20;
        }
        int chars = 0;
        for (Series s : c.series()) {
            chars = Math.max(chars, s.name().length());
        }
        return Math.min(c.width() / 3, Math.max(LEGEND, 12 + 32 + 7 * chars + 6 + 8));
    }

    /** The widest label of some ticks, in pixels at the 12-point label font (7 per character, digits are about 6.7). */
    static int labelWidth(Ticks t) {
        int chars = 0;
        for (int i = 0; i < t.count(); i++) {
            chars = Math.max(chars, t.label(i).length());
        }
        return 7 * chars;
    }

    /** @return the pixel column of an x value (one beyond the axis at its edge) */
    double px(double x) {
        return Math.min(right, Math.max(left, left + (x - xTicks.min()) * xScale));
    }

    /** @return the pixel row of a y value (rows grow downwards; one beyond the axis at its edge) */
    double py(double y) {
        return Math.min(bottom, Math.max(top, bottom - (y - yTicks.min()) * yScale));
    }
}
