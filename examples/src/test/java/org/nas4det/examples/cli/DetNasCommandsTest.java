package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.detnas.DetNas;
import org.nas4det.detnas.DetNasArch;
import org.nas4det.detnas.DetNasSpace;

class DetNasCommandsTest {

    @Test
    void searchRunsTheWholeMethodOnTinySettingsThenEvalAndProfileReadItsOutputs(@TempDir Path tmp) throws Exception {
        Path space = tmp.resolve("space.json");
        Files.writeString(space, "{\"stem\": 8, \"widths\": [16, 32, 64, 128], \"depths\": [1, 1, 2, 1], \"levels\": [3, 4, 5]}");
        Path run = tmp.resolve("run");
        String[] args = {"search", "detnas", "--preset", "cpu", "--space", space.toString(), "--synthetic-images", "8",
            "--pretrain-iterations", "2", "--pretrain-batch", "4", "--finetune-iterations", "2", "--finetune-batch", "2",
            "--finetune-size", "64", "--head-channels", "16", "--tower-depth", "1", "--last-channels", "0",
            "--population", "3", "--top-k", "2", "--mutants", "1", "--crossovers", "1", "--generations", "2",
            "--calibration-images", "4", "--calibration-batch", "2", "--seed", "2", "--run-dir", run.toString(), "--json"};
        CliRun r = CliRun.of(args);
        assertThat(r.code).as(r.err).isZero();
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        assertThat(o.get("candidates").getAsInt()).isEqualTo(6);
        assertThat(o.get("mAP").getAsDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("conv_macs").getAsLong()).isLessThanOrEqualTo(300_000_000L);
        DetNasSpace tiny = DetNasSpace.named(space.toString());
        assertThat(DetNasArch.read(run.resolve("best_subnet.json").toString(), tiny).encode())
                .isEqualTo(o.getAsJsonArray("arch").toString());

        // The exported detector evaluates with `nas eval`, and the subnet JSON profiles in its own space.
        Path shapes = run.resolve("data/shapes");
        CliRun eval = CliRun.of("eval", "--model", run.resolve("best_detector").toString(), "--data", shapes.toString(),
                "--split", "val", "--json");
        assertThat(eval.code).as(eval.err).isZero();
        assertThat(JsonParser.parseString(eval.out).getAsJsonObject().has("AP")).isTrue();
        CliRun profile = CliRun.of("profile", "--space", "detnas", "--arch", run.resolve("best_subnet.json").toString(), "--json");
        assertThat(profile.code).as(profile.err).isZero();
        assertThat(JsonParser.parseString(profile.out).getAsJsonObject().get("conv_macs").getAsLong())
                .isEqualTo(o.get("conv_macs").getAsLong());

        // Again with --resume: everything exists, nothing runs, same answer.
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--resume";
        CliRun r2 = CliRun.of(again);
        assertThat(r2.code).as(r2.err).isZero();
        assertThat(JsonParser.parseString(r2.out).getAsJsonObject().get("arch")).isEqualTo(o.get("arch"));
    }

    @Test
    void badSettingsAreUsageErrorsNamingTheFlag() {
        CliRun p = CliRun.of("search", "detnas", "--preset", "laptop");
        assertThat(p.code).isEqualTo(2);
        assertThat(p.err).contains("--preset");
        CliRun b = CliRun.of("search", "detnas", "--bn", "exact");
        assertThat(b.code).isEqualTo(2);
        assertThat(b.err).contains("--bn");
        CliRun s = CliRun.of("search", "detnas", "--space", "medium");
        assertThat(s.code).isEqualTo(2);
        assertThat(s.err).contains("medium").contains("small, large");
    }

    @Test
    void profileTellsTheLargeSpaceFromFortyBlocks() {
        String large = "[0,0,3,1,2,1,0,2,0,3,1,2,3,3,2,0,2,1,1,3,2,0,2,2,2,1,3,1,0,3,3,3,1,3,3,3,3,3,3,3]";
        CliRun r = CliRun.of("profile", "--space", "detnas", "--arch", large, "--json");
        assertThat(r.code).as(r.err).isZero();
        assertThat(JsonParser.parseString(r.out).getAsJsonObject().get("params").getAsLong()).isGreaterThan(3_000_000L);
    }

    @Test
    void theCpuPresetsLevelsApplyToABuiltInSpaceNotToASpaceFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("space.json");
        Files.writeString(file, "{\"stem\": 8, \"widths\": [16, 32, 64, 128], \"depths\": [1, 1, 2, 1], \"levels\": [2, 3, 4, 5]}");
        assertThat(parse("--space", file.toString()).space(DetNas.cpu().build().space()).levels()).containsExactly(2, 3, 4, 5);
        assertThat(parse("--space", "small").space(DetNas.cpu().build().space()).levels()).containsExactly(3, 4, 5);
        assertThat(parse("--space", file.toString(), "--levels", "4,5").space(DetNas.cpu().build().space()).levels())
                .containsExactly(4, 5);
    }

    private static SearchDetNasCommand parse(String... flags) {
        picocli.CommandLine cl = new picocli.CommandLine(new NasLauncher());
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("search", "detnas", "--preset", "cpu"));
        args.addAll(java.util.List.of(flags));
        cl.parseArgs(args.toArray(new String[0]));
        return cl.getSubcommands().get("search").getSubcommands().get("detnas").getCommand();
    }
}
