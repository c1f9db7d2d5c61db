package org.nas4det.core.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Labels keep clear of the rotated y-axis title and of each other, whatever the ranges. */
class PlaneTest {

    private static Plane plane(double x0, double x1, double y0, double y1) {
        Series s = Series.of("points", new double[] {x0, x1}, new double[] {y0, y1}, 2, Marker.CIRCLE, false);
        return Plane.of(Chart.builder().setTitle("t").setXAxisTitle("x").setYAxisTitle("y").addSeries(s).build());
    }

    @Test
    void theLegendIsWideEnoughForItsLongestName() {
        Series a = Series.of("MAE-DET (searched)", new double[] {0, 1}, new double[] {0, 1}, 2, Marker.NONE, true);
        Series b = Series.of("ResNet-18/4 baseline", new double[] {0, 1}, new double[] {1, 0}, 2, Marker.NONE, true);
        Chart c = Chart.builder().setTitle("t").setXAxisTitle("x").setYAxisTitle("y").addSeries(a).addSeries(b).build();
        Plane p = Plane.of(c);
        // The names start 12 + 32 pixels right of the plot area and must end before the box (8 from the edge).
        assertThat(p.right + 12 + 32 + 7 * "ResNet-18/4 baseline".length()).isLessThanOrEqualTo(c.width() - 8);
        // Short names keep the usual room.
        assertThat(plane(0, 1, 0, 1).right).isEqualTo(800 - Plane.LEGEND);
    }

    @Test
    void yLabelsEndBeforeTheAxisTitleAndXLabelsDoNotTouch() {
        double[][] cases = {
            {0, 1, 0, 1},
            {0, 1.9e10, 300, 2100},
            {1e6 - 10, 1e6 + 10, 0.30121, 0.30122}, // long labels on both axes
            {123456789.125, 123456789.5, -1e-7, 1e-7},
            {-5e9, 5e9, 999_990, 1_000_010}
        };
        for (double[] c : cases) {
            Plane p = plane(c[0], c[1], c[2], c[3]);
            // Right-aligned at left - 6; the rotated title's glyphs end near x = 22.
            assertThat(p.left - 6 - Plane.labelWidth(p.yTicks)).as("y labels of %s", java.util.Arrays.toString(c)).isGreaterThanOrEqualTo(24);
            double spacing = (p.right - p.left) / (double) (p.xTicks.count() - 1);
            if (p.xTicks.count() > 3) {
                assertThat(spacing).as("x tick spacing of %s", java.util.Arrays.toString(c)).isGreaterThanOrEqualTo(Plane.labelWidth(p.xTicks) + 12);
            }
            assertThat(p.right - p.left).isGreaterThan(300);
        }
    }
}
