package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvalCommandTest {

    @Test
    void trainsSavesAndEvaluatesAModelFolder(@TempDir Path tmp) throws Exception {
        assertThat(CliRun.of("shapes", "--out", tmp.resolve("data").toString(), "--images", "8", "--size", "64").code).isZero();
        Path arch = tmp.resolve("arch.json");
        Files.writeString(arch, "{\"head\": \"fcos\", \"backbone\": {\"type\": \"resnet\", \"depth\": 18, \"stem_width\": 8},"
                + " \"channels\": 16, \"tower_depth\": 1, \"input_size\": 64}");
        CliRun train = CliRun.of("train", "--arch", arch.toString(), "--data", tmp.resolve("data").toString(),
                "--iterations", "3", "--batch", "4", "--out", tmp.resolve("run").toString(), "--json");
        assertThat(train.code).as(train.err).isZero();
        JsonObject o = JsonParser.parseString(train.out).getAsJsonObject();
        assertThat(o.has("AP50")).isTrue();
        assertThat(tmp.resolve("run/model/detector.json")).exists();
        assertThat(tmp.resolve("run/model/detector.params")).exists();
        assertThat(tmp.resolve("run/checkpoints/training.json")).exists();

        Path results = tmp.resolve("results.json");
        CliRun eval = CliRun.of("eval", "--model", tmp.resolve("run/model").toString(), "--data", tmp.resolve("data").toString(),
                "--results", results.toString(), "--json");
        assertThat(eval.code).as(eval.err).isZero();
        JsonObject e = JsonParser.parseString(eval.out).getAsJsonObject();
        // The saved model evaluates to exactly what training reported.
        assertThat(e.get("AP50").getAsDouble()).isEqualTo(o.get("AP50").getAsDouble());
        assertThat(JsonParser.parseString(Files.readString(results)).isJsonArray()).isTrue();
    }

    @Test
    void aBadArchitectureFileExitsTwo(@TempDir Path tmp) throws Exception {
        Path arch = tmp.resolve("arch.json");
        Files.writeString(arch, "{\"head\": \"yolo\", \"backbone\": {\"type\": \"resnet\"}}");
        CliRun r = CliRun.of("train", "--arch", arch.toString(), "--data", tmp.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("arch.json").contains("yolo");
    }
}
