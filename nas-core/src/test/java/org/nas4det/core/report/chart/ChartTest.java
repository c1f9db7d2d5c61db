package org.nas4det.core.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ChartTest {

    private static final double[] X = {1, 2, 3, 4, Double.NaN, 6};
    private static final double[] Y = {0.5, 0.25, 0.75, 0.6, 0.9, Double.POSITIVE_INFINITY};

    private static Chart chart(String yTitle) {
        return Chart.builder()
                .setTitle("Scores & <costs>")
                .setXAxisTitle("conv_macs")
                .setYAxisTitle(yTitle)
                .addSeries(Series.of("candidates", X, Y, X.length, Marker.CIRCLE, false))
                .addSeries(Series.of("front \"best\"", new double[] {1, 3}, new double[] {0.5, 0.75}, 2, Marker.DIAMOND, true))
                .addSeries(Series.of("budget", new double[] {3.5, 3.5}, new double[] {0.25, 0.75}, 2, Marker.NONE, true))
                .build();
    }

    @Test
    void charactersXmlCannotHoldAreReplacedSoTheSvgStaysWellFormed(@TempDir Path tmp) throws Exception {
        String name = "a\uFFFEb\uFFFFc\uD800d\uDC00e\u0001f\uD83D\uDE00g";
        Chart c = chart(name);
        c.save(tmp.resolve("odd"));
        Document doc = SvgDocuments.parse(tmp.resolve("odd.svg"));
        // The unpaired surrogates and U+FFFE/U+FFFF become U+FFFD, the control character a space,
        // the pair (an emoji) stays.
        assertThat(SvgDocuments.texts(doc)).contains("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe f\uD83D\uDE00g");
    }

    @Test
    void theSvgIsWellFormedWithOneMarkerPerDrawnPointAndEscapedTexts() throws Exception {
        Document doc = SvgDocuments.parse(chart("AP<50> & 'x'").svg());
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        // Four candidates are finite (NaN x and an infinite y are not drawn), the front has two.
        assertThat(SvgDocuments.markerCounts(doc)).containsExactly(4, 2);
        assertThat(SvgDocuments.texts(doc)).contains("Scores & <costs>", "conv_macs", "AP<50> & 'x'", "candidates", "front \"best\"", "budget");
        // Markers and lines in the legend too: a circle, a diamond; the front and budget lines are paths.
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(4 + 1);
        assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(2 + 1 + 1 + 1);
    }

    @Test
    void svgCoordinatesHaveAtMostOneDecimal() throws Exception {
        String svg = chart("score").svg();
        assertThat(svg).doesNotContainPattern("\\d\\.\\d\\d").doesNotContain("E-").doesNotContain("NaN");
        StringBuilder b = new StringBuilder();
        for (double v : new double[] {0, 12.34, 12.35, -0.04, -3.96, 799.96}) {
            SvgWriter.num(b, v);
            b.append(' ');
        }
        assertThat(b.toString()).isEqualTo("0 12.3 12.4 0 -4 800 ");
    }

    @Test
    void thePngReadsBackWithTheMarkersWhereThePointsLand() throws Exception {
        Chart c = chart("score");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writePng(out);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(png.getHeight()).isEqualTo(500);
        assertThat(png.getRGB(3, 3) & 0xFFFFFF).as("background").isEqualTo(0xFFFFFF);
        Plane p = Plane.of(c);
        int blue = c.color(0).getRGB() & 0xFFFFFF;
        // (2, 0.25) is a candidate only; the centre of its marker has the series' colour.
        assertThat(png.getRGB((int) Math.round(p.px(2)), (int) Math.round(p.py(0.25))) & 0xFFFFFF).isEqualTo(blue);
        // (4, 0.6) too, and ten pixels off it is background.
        assertThat(png.getRGB((int) Math.round(p.px(4)), (int) Math.round(p.py(0.6))) & 0xFFFFFF).isEqualTo(blue);
        assertThat(png.getRGB((int) Math.round(p.px(4)) + 10, (int) Math.round(p.py(0.6)) + 10) & 0xFFFFFF)
                .isEqualTo(0xFFFFFF);
        // The front's diamonds are drawn after the candidates, so they cover them.
        int orange = c.color(1).getRGB() & 0xFFFFFF;
        assertThat(png.getRGB((int) Math.round(p.px(3)), (int) Math.round(p.py(0.75))) & 0xFFFFFF).isEqualTo(orange);
    }

    @Test
    void saveWritesBothFilesAndLeavesNoTemporaryOnes(@TempDir Path tmp) throws Exception {
        chart("score").save(tmp.resolve("plot"));
        chart("score").save(tmp.resolve("plot")); // again, over the old ones
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("plot.png", "plot.svg");
        }
        assertThat(ImageIO.read(tmp.resolve("plot.png").toFile()).getWidth()).isEqualTo(800);
    }

    @Test
    void aChartWithoutTitlesOrPointsIsRefused() {
        assertThatThrownBy(() -> Chart.builder().setTitle("t").setYAxisTitle("y").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setXAxisTitle");
        assertThatThrownBy(() -> Series.of("s", new double[1], new double[1], 1, Marker.NONE, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
