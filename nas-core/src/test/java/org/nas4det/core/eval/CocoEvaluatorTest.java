package org.nas4det.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.MalformedAnnotationException;
import org.nas4det.core.io.JsonFiles;

class CocoEvaluatorTest {

    /** The reference evaluator's cases, kept byte-identical in this module's test resources. */
    static Path fixtures() {
        try {
            return Path.of(CocoEvaluatorTest.class.getResource("/fixtures/cocoeval").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"case101", "case102"})
    void reproducesTheReferenceEvaluator(String name) {
        Path dir = fixtures();
        CocoMetrics m =
                CocoEvaluator.evaluate(
                        CocoJson.readGroundTruth(dir.resolve(name + ".gt.json")),
                        CocoJson.readDetections(dir.resolve(name + ".dt.json")));
        JsonObject expected = JsonFiles.parse(dir.resolve(name + ".expected.json")).getAsJsonObject();
        double[] stats = m.stats();
        for (int i = 0; i < 12; i++) {
            double e = expected.getAsJsonArray("stats").get(i).getAsDouble();
            if (e == -1) {
                assertThat(stats[i]).as(CocoMetrics.NAMES.get(i)).isEqualTo(-1.0);
            } else {
                assertThat(stats[i]).as(CocoMetrics.NAMES.get(i)).isCloseTo(e, offset(1e-9));
            }
        }
        Map<Long, Double> perCat = m.perCategoryAp();
        JsonObject expCat = expected.getAsJsonObject("per_category_AP");
        assertThat(perCat).hasSize(expCat.size());
        for (String k : expCat.keySet()) {
            assertThat(perCat.get(Long.parseLong(k))).as("category " + k)
                    .isCloseTo(expCat.get(k).getAsDouble(), offset(1e-9));
        }
    }

    @Test
    void handComputedCaseWithCrowdAndIgnoredDetections() {
        // One image, one category: gt A (id 1) and a crowd region (id 2).
        BoxGroundTruth gt = BoxGroundTruth.builder().addImage(7).addCategory(3)
                .addAnnotation(1, 7, 3, 0, 0, 10, 10, 100, false)
                .addAnnotation(2, 7, 3, 50, 50, 40, 40, 1600, true)
                .build();
        // d1 hits A exactly; d2 lies inside the crowd (ignored, not a false positive);
        // d3 is a plain false positive with the lowest score.
        BoxDetections dt = BoxDetections.builder()
                .add(7, 3, 0, 0, 10, 10, 0.9)
                .add(7, 3, 60, 60, 10, 10, 0.8)
                .add(7, 3, 200, 200, 5, 5, 0.1)
                .build();
        CocoMetrics m = CocoEvaluator.evaluate(gt, dt);
        // Precision is 1 / (1 + eps) up to recall 1 at every threshold: AP = 1; AR = 1.
        assertThat(m.stat("AP")).isCloseTo(1.0, offset(1e-12));
        assertThat(m.stat("AR100")).isEqualTo(1.0);
        // A is small (area 100): medium and large have no non-ignored gt: -1.
        assertThat(m.stat("APm")).isEqualTo(-1.0);
        assertThat(m.stat("APl")).isEqualTo(-1.0);
        assertThat(m.stat("APs")).isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void aFalsePositiveAboveTheTruePositiveHalvesPrecision() {
        BoxGroundTruth gt = BoxGroundTruth.builder().addImage(1).addCategory(1)
                .addAnnotation(1, 1, 1, 0, 0, 100, 100, 10000, false).build();
        BoxDetections dt = BoxDetections.builder()
                .add(1, 1, 300, 300, 100, 100, 0.9)
                .add(1, 1, 0, 0, 100, 100, 0.5)
                .build();
        CocoMetrics m = CocoEvaluator.evaluate(gt, dt);
        // precision at the single recall step: 1 / (1 + 1 + eps) for every recall threshold.
        assertThat(m.stat("AP50")).isCloseTo(0.5, offset(1e-12));
        // with one detection per image only the false positive is kept: recall 0
        assertThat(m.stat("AR1")).isEqualTo(0.0);
        assertThat(m.stat("AR10")).isEqualTo(1.0);
    }

    @Test
    void detectionsForUnknownImagesAreRejected() {
        BoxGroundTruth gt = BoxGroundTruth.builder().addImage(1).addCategory(1).build();
        BoxDetections dt = BoxDetections.builder().add(2, 1, 0, 0, 1, 1, 0.5).build();
        assertThatThrownBy(() -> CocoEvaluator.evaluate(gt, dt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image 2");
    }

    @Test
    void malformedFilesNameTheFileAndPosition(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"images\": [ {\"id\": 1}, ]\n \"x\" }");
        assertThatThrownBy(() -> CocoJson.readGroundTruth(bad))
                .isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("line");
        Path noBox = tmp.resolve("dt.json");
        Files.writeString(noBox, "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.5}]");
        assertThatThrownBy(() -> CocoJson.readDetections(noBox))
                .isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("detection 0")
                .hasMessageContaining("bbox");
    }
}
