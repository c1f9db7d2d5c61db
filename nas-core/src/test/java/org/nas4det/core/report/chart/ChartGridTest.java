package org.nas4det.core.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Small charts for a grid: no legend of their own, a fixed y range, one shared legend panel. */
class ChartGridTest {

    private static Chart small(double y0, double y1) {
        return Chart.builder().setTitle("box edge 0").setXAxisTitle("iteration").setYAxisTitle("softmax(alpha)")
                .optSize(360, 260).optLegend(false).optYRange(0, 1)
                .addSeries(Series.of("conv_3x3", new double[] {0, 1, 2}, new double[] {y0, y1, y1}, 3, Marker.NONE, true))
                .addSeries(Series.of("none", new double[] {0, 1, 2}, new double[] {1 - y0, 1 - y1, 1 - y1}, 3, Marker.NONE, true))
                .build();
    }

    @Test
    void aFixedRangeIsShownWhateverTheDataAndWidenedWhereTheDataGoesBeyond() {
        Plane p = Plane.of(small(0.4, 0.45));
        assertThat(p.yTicks.min()).isLessThanOrEqualTo(0);
        assertThat(p.yTicks.max()).isGreaterThanOrEqualTo(1);
        Plane wider = Plane.of(small(0.4, 1.7));
        assertThat(wider.yTicks.max()).isGreaterThanOrEqualTo(1.7);
        assertThatThrownBy(() -> Chart.builder().optYRange(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutItsLegendTheChartHasNoLegendAndAWiderPlot() throws Exception {
        Chart c = small(0.2, 0.3);
        Document doc = SvgDocuments.parse(c.svg());
        assertThat(doc.getElementsByTagName("g").getLength()).isPositive();
        assertThat(c.svg()).doesNotContain("class=\"legend\"");
        assertThat(SvgDocuments.texts(doc)).doesNotContain("conv_3x3", "none");
        assertThat(Plane.of(c).right).isEqualTo(360 - 20);
        BufferedImage img = c.image();
        assertThat(img.getWidth()).isEqualTo(360);
        assertThat(img.getHeight()).isEqualTo(260);
    }

    @Test
    void theLegendPanelShowsEachSeriesInItsColour() {
        Chart c = small(0.2, 0.3);
        BufferedImage panel = c.legendImage(360, 520, "ops");
        assertThat(panel.getWidth()).isEqualTo(360);
        assertThat(panel.getHeight()).isEqualTo(520);
        // Row k's line runs from x = 12 + 6 to 12 + 26 at y = top + 14 + 20 k, in series k's colour.
        for (int k = 0; k < 2; k++) {
            int rgb = panel.getRGB(12 + 16, Plane.TOP + 14 + 20 * k) & 0xFFFFFF;
            assertThat(rgb).as("row %d", k).isEqualTo(c.color(k).getRGB() & 0xFFFFFF);
        }
    }
}
