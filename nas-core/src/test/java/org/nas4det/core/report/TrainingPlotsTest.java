package org.nas4det.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.report.chart.SvgDocuments;
import org.w3c.dom.Document;

class TrainingPlotsTest {

    @Test
    void theRunningMeanSkipsNonFiniteLossesAndCountsIterationsFromOne() {
        SortedMap<Integer, Double> curve = new TreeMap<>(Map.of(0, 4.0, 1, 2.0, 2, Double.NaN, 3, 6.0, 4, 1.0));
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        TrainingPlots.runningMean(curve, 2, x, y);
        assertThat(x).containsExactly(1.0, 2.0, 4.0, 5.0);
        assertThat(y).containsExactly(4.0, 3.0, 4.0, 3.5);
    }

    @Test
    void lossesDrawOneLinePerRunInBothFormats(@TempDir Path tmp) throws Exception {
        Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
        for (String run : List.of("MAE-DET", "ResNet-18/4", "empty")) {
            SortedMap<Integer, Double> c = new TreeMap<>();
            for (int i = 0; !run.equals("empty") && i < 300; i++) {
                c.put(i, (run.equals("MAE-DET") ? 2.0 : 1.5) / (1 + 0.01 * i));
            }
            curves.put(run, c);
        }
        TrainingPlots.losses(curves, 25, tmp.resolve("losses"));
        Document doc = SvgDocuments.parse(tmp.resolve("losses.svg"));
        // The run without points is left out of the chart and its legend.
        assertThat(SvgDocuments.texts(doc)).contains("Training loss", "iteration", "total loss (running mean of 25 steps)",
                "MAE-DET", "ResNet-18/4").doesNotContain("empty");
        BufferedImage png = ImageIO.read(tmp.resolve("losses.png").toFile());
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(png.getHeight()).isEqualTo(500);
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("losses.png", "losses.svg");
    }

    @Test
    void nothingIsWrittenWithoutAnyPoint(@TempDir Path tmp) throws Exception {
        TrainingPlots.losses(Map.of("a", new TreeMap<>()), 5, tmp.resolve("losses"));
        assertThat(Files.list(tmp)).isEmpty();
    }
}
