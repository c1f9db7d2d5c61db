package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCocoCommandTest {

    private static Path fixtures() {
        return TestResources.path("/fixtures/cocoeval");
    }

    @Test
    void printsTheTwelveNumbersUnderTheContractNames() {
        CliRun r = CliRun.of("eval-coco", "--gt", fixtures().resolve("case102.gt.json").toString(),
                "--dt", fixtures().resolve("case102.dt.json").toString(), "--json");
        assertThat(r.code).as(r.err).isZero();
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        JsonObject expected = JsonParser.parseString(read(fixtures().resolve("case102.expected.json")))
                .getAsJsonObject().getAsJsonObject("stats_by_name");
        assertThat(o.keySet()).containsExactly(
                "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl");
        for (String k : expected.keySet()) {
            assertThat(o.get(k).getAsDouble()).as(k).isCloseTo(expected.get(k).getAsDouble(), offset(1e-9));
        }
    }

    @Test
    void badFilesExitTwoWithOneLine(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("dt.json");
        Files.writeString(bad, "[{\"image_id\": 1,");
        CliRun r = CliRun.of("eval-coco", "--gt", fixtures().resolve("case101.gt.json").toString(),
                "--dt", bad.toString(), "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.trim()).contains("dt.json").contains("malformed JSON").doesNotContain("\n");
        CliRun missing = CliRun.of("eval-coco", "--gt", tmp.resolve("nope.json").toString(), "--dt", bad.toString());
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).contains("nope.json").contains("does not exist");
    }

    @Test
    void benchPrintsOneJsonLine() {
        CliRun r = CliRun.of("bench", "cocoeval", "--gt", fixtures().resolve("case101.gt.json").toString(),
                "--dt", fixtures().resolve("case101.dt.json").toString(), "--iters", "2", "--untimed", "1", "--json");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out.trim()).doesNotContain("\n");
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        assertThat(o.get("workload").getAsString()).isEqualTo("cocoeval");
        assertThat(o.get("detections").getAsInt()).isEqualTo(490);
        assertThat(o.has("ms_eval")).isTrue();
        assertThat(o.get("engine").getAsString()).startsWith("PyTorch");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
