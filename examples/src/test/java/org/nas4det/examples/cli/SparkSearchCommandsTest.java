package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.search.SigkillHarness;

/** {@code --spark-master local[2]} gives the in-process search, record for record. */
class SparkSearchCommandsTest {

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private static List<String> log(Path dir) throws Exception {
        return SigkillHarness.withoutSeconds(Files.readAllLines(dir.resolve("search.jsonl")));
    }

    /**
     * Runs a search in-process into {@code tmp/in-process} and on {@code local[2]} into {@code tmp/spark}; both must succeed.
     *
     * @return the two runs' standard output, the in-process one first
     */
    private static List<String> inProcessAndOnLocal2(String[] args, Path tmp) {
        CliRun local = CliRun.of(with(args, "--run-dir", tmp.resolve("in-process").toString()));
        assertThat(local.code).as(local.err).isZero();
        CliRun spark = CliRun.of(with(args, "--run-dir", tmp.resolve("spark").toString(), "--spark-master", "local[2]"));
        assertThat(spark.code).as(spark.err).isZero();
        return List.of(local.out, spark.out);
    }

    @Test
    void anEntropyMaeDetSearchOnLocal2IsTheInProcessOne(@TempDir Path tmp) throws Exception {
        String[] args = {"search", "maedet", "--score", "entropy", "--budget-macs", "2e8", "--budget-input", "3x64x64",
            "--budget-layers", "24", "--population", "8", "--iterations", "16", "--seed", "4", "--json"};
        List<String> out = inProcessAndOnLocal2(args, tmp);
        assertThat(log(tmp.resolve("spark"))).hasSize(17).isEqualTo(log(tmp.resolve("in-process")));
        JsonObject a = JsonParser.parseString(out.get(0)).getAsJsonObject();
        JsonObject b = JsonParser.parseString(out.get(1)).getAsJsonObject();
        assertThat(b.get("structure")).isEqualTo(a.get("structure"));
        assertThat(b.get("score")).isEqualTo(a.get("score"));
    }

    @Test
    void aTinyDetNasSearchOnLocal2IsTheInProcessOne(@TempDir Path tmp) throws Exception {
        Path space = tmp.resolve("space.json");
        Files.writeString(space, "{\"stem\": 8, \"widths\": [16, 32, 64, 128], \"depths\": [1, 1, 2, 1], \"levels\": [3, 4, 5]}");
        String[] args = {"search", "detnas", "--preset", "cpu", "--space", space.toString(), "--synthetic-images", "8",
            "--pretrain-iterations", "0", "--finetune-iterations", "60", "--finetune-batch", "4",
            "--finetune-size", "64", "--finetune-lr", "0.05", "--head-channels", "16", "--tower-depth", "1", "--last-channels", "0",
            "--population", "4", "--top-k", "2", "--mutants", "2", "--crossovers", "1", "--generations", "2",
            "--calibration-images", "4", "--calibration-batch", "2", "--seed", "2", "--json"};
        List<String> out = inProcessAndOnLocal2(args, tmp);
        // The workers loaded the supernet from its file and read the data from its paths: the same scores.
        assertThat(log(tmp.resolve("spark"))).hasSize(8).isEqualTo(log(tmp.resolve("in-process")));
        JsonObject a = JsonParser.parseString(out.get(0)).getAsJsonObject();
        JsonObject b = JsonParser.parseString(out.get(1)).getAsJsonObject();
        // Trained enough that candidates score apart (all zeros would make the comparison empty).
        assertThat(a.get("mAP").getAsDouble()).isPositive();
        assertThat(b.get("arch")).isEqualTo(a.get("arch"));
        assertThat(b.get("mAP")).isEqualTo(a.get("mAP"));
    }

    @Test
    void aTinySpNasSearchOnLocal2IsTheInProcessOne(@TempDir Path tmp) throws Exception {
        String[] args = {"search", "spnas", "--preset", "cpu", "--synthetic-images", "8", "--input-size", "64", "--width", "8",
            "--head-channels", "16", "--seed-iterations", "80", "--finetune-iterations", "20", "--finetune-batch", "4",
            "--finetune-lr", "0.05",
            "--serial-samples", "2", "--max-reignitions", "0", "--parallel-samples", "1", "--final-iterations", "2",
            "--seed", "1", "--json"};
        inProcessAndOnLocal2(args, tmp);
        // The workers read each parent from the lineage and models folders of the run directory.
        for (String step : List.of("serial", "parallel")) {
            assertThat(log(tmp.resolve("spark").resolve(step))).isEqualTo(log(tmp.resolve("in-process").resolve(step)));
        }
        List<Double> maps = new ArrayList<>();
        for (String line : log(tmp.resolve("in-process").resolve("serial"))) {
            maps.add(JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("metrics").get("mAP").getAsDouble());
        }
        // Trained enough that candidates score apart (equal scores would make the comparison empty).
        assertThat(maps).hasSize(3).doesNotHaveDuplicates();
        assertThat(Files.readString(tmp.resolve("spark").resolve("best_arch.txt")))
                .isEqualTo(Files.readString(tmp.resolve("in-process").resolve("best_arch.txt")));
    }

    @Test
    void aSearchWithoutGenerationsRefusesSparkInOneLine() {
        CliRun fad = CliRun.of("search", "fad", "--spark-master", "local[2]");
        assertThat(fad.code).isEqualTo(2);
        assertThat(fad.err.trim()).startsWith("error: --spark-master").contains("differentiable").doesNotContain("\n");
    }

    @Test
    void aMistypedMasterIsAUsageError(@TempDir Path tmp) {
        CliRun r = CliRun.of("search", "maedet", "--iterations", "1", "--spark-master", "locl[2]", "--run-dir",
                tmp.resolve("r").toString());
        assertThat(r.code).isEqualTo(2);
        // a usage error: the error, and where help is
        assertThat(r.err.lines().toList()).hasSize(2).last().asString().startsWith("Try 'nas search maedet --help'");
        assertThat(r.err.lines().findFirst().orElseThrow()).contains("--spark-master").contains("'locl[2]' is not a Spark master URL");
    }

    @Test
    void aMistypedMasterIsSaidBeforeAnyDataIsRead(@TempDir Path tmp) {
        CliRun r = CliRun.of("search", "spnas", "--data", tmp.resolve("no-such-data").toString(), "--spark-master", "locl[2]",
                "--run-dir", tmp.resolve("r").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.lines().toList()).hasSize(2).first().asString().contains("--spark-master").contains("locl[2]")
                .doesNotContain("no-such-data");
    }

    @Test
    void dataAtAUriNoFileSystemOpensIsRefusedInOneLine(@TempDir Path tmp) {
        // without Spark the core reads paths and file: URIs only
        CliRun plain = CliRun.of("search", "spnas", "--data", "hdfs://nn/coco", "--run-dir", tmp.resolve("a").toString());
        assertThat(plain.code).isEqualTo(2);
        assertThat(plain.err.trim()).contains("cannot read hdfs://nn/coco/annotations/instances_train.json")
                .contains("--spark-master").doesNotContain("\n");
        // with Spark, through Hadoop: a scheme it has no file system for (Spark does not start: the data is read first)
        CliRun spark = CliRun.of("search", "detnas", "--preset", "cpu", "--det-data", "nosuch://nn/coco", "--spark-master", "local[1]",
                "--run-dir", tmp.resolve("b").toString());
        assertThat(spark.code).isEqualTo(2);
        assertThat(spark.err.trim()).contains("cannot read nosuch://nn/coco/annotations/instances_train.json")
                .contains("no Hadoop file system for the scheme 'nosuch:'").doesNotContain("\n");
        CliRun staging = CliRun.of("search", "maedet", "--iterations", "1", "--spark-staging", "hdfs://nn/stage", "--run-dir",
                tmp.resolve("c").toString());
        assertThat(staging.code).isEqualTo(2);
        assertThat(staging.err.trim()).contains("--spark-staging needs Spark").doesNotContain("\n");
        // said before any data is read (the data here does not exist)
        CliRun stagingData = CliRun.of("search", "spnas", "--data", tmp.resolve("no-data").toString(), "--spark-staging",
                "hdfs://nn/stage", "--run-dir", tmp.resolve("d").toString());
        assertThat(stagingData.code).isEqualTo(2);
        assertThat(stagingData.err.trim()).contains("--spark-staging needs Spark").doesNotContain("\n");
    }
}
