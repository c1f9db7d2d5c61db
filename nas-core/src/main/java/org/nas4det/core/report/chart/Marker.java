package org.nas4det.core.report.chart;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/**
 * The symbol drawn at each point of a series.
 *
 * <pre>{@code Series.scatter("candidates", x, y, n, Marker.CIRCLE);}</pre>
 */
public enum Marker {
    /** No symbol: the series is a line only. */
    NONE,
    /** A filled circle. */
    CIRCLE,
    /** A filled square standing on a corner. */
    DIAMOND;

    /** Half the width of a symbol, in pixels. */
    static final int RADIUS = 3;

    /** @return half the width of this symbol (a diamond of the same width as a circle looks smaller) */
    int radius() {
        return RADIUS + (this == DIAMOND ? 1 : 0);
    }

    /** @return the symbol centred on {@code (cx, cy)} */
    Shape shape(double cx, double cy) {
        double r = radius();
        if (this == CIRCLE) {
            return new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        }
        Path2D.Double d = new Path2D.Double();
        d.moveTo(cx, cy - r);
        d.lineTo(cx + r, cy);
        d.lineTo(cx, cy + r);
        d.lineTo(cx - r, cy);
        d.closePath();
        return d;
    }
}
