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

        // The same training with its data elsewhere (copied, moved) resumes: the data is known by its content.
        Path moved = tmp.resolve("moved-data");
        try (java.util.stream.Stream<Path> files = Files.walk(tmp.resolve("data"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = moved.resolve(tmp.resolve("data").relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        CliRun resumed = CliRun.of("train", "--arch", arch.toString(), "--data", moved.toString(),
                "--iterations", "3", "--batch", "4", "--out", tmp.resolve("run").toString());
        assertThat(resumed.code).as(resumed.err).isZero();

        // The same output folder with another model or batch size is refused, and its model stays as it was.
        byte[] model = Files.readAllBytes(tmp.resolve("run/model/detector.params"));
        Path wider = tmp.resolve("wider.json");
        Files.writeString(wider, Files.readString(arch).replace("\"channels\": 16", "\"channels\": 32"));
        CliRun again = CliRun.of("train", "--arch", wider.toString(), "--data", tmp.resolve("data").toString(),
                "--iterations", "3", "--batch", "4", "--out", tmp.resolve("run").toString());
        assertThat(again.code).as(again.err).isEqualTo(2);
        assertThat(again.err).contains("cannot resume training in").contains("spec").contains("another output folder");
        CliRun batch = CliRun.of("train", "--arch", arch.toString(), "--data", tmp.resolve("data").toString(),
                "--iterations", "3", "--batch", "2", "--out", tmp.resolve("run").toString());
        assertThat(batch.code).as(batch.err).isEqualTo(2);
        assertThat(batch.err).contains("batch_size 4, now 2");
        assertThat(Files.readAllBytes(tmp.resolve("run/model/detector.params"))).isEqualTo(model);
        assertThat(Files.readString(tmp.resolve("run/model/detector.json"))).doesNotContain("\"channels\": 32");

        // A model folder whose detector.json does not fit its weights is bad input naming the weights.
        Files.writeString(tmp.resolve("run/model/detector.json"),
                Files.readString(tmp.resolve("run/model/detector.json")).replace("\"channels\": 16", "\"channels\": 32"));
        CliRun mismatch = CliRun.of("eval", "--model", tmp.resolve("run/model").toString(), "--data", tmp.resolve("data").toString());
        assertThat(mismatch.code).as(mismatch.err).isEqualTo(2);
        assertThat(mismatch.err).contains("detector.params").contains("does detector.json match them?");
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
