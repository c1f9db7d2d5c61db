package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.maedet.MaeDetStructure;

class MaeDetCommandsTest {

    static final String S = TestResources.path("/fixtures/maedet/maedet_s.txt").toString();

    @Test
    void profilePrintsTheSeedTableNumbersOfMaeDetS() {
        CliRun r = CliRun.of("profile", "--space", "maedet", "--arch", S, "--input", "3x800x1280", "--json");
        assertThat(r.code).as(r.err).isZero();
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        assertThat(o.get("params").getAsLong()).isEqualTo(21_233_120L);
        assertThat(o.get("params_bn").getAsLong()).isEqualTo(85_632L);
        assertThat(o.get("conv_macs").getAsLong()).isEqualTo(48_372_224_000L);
        assertThat(o.get("bn_elements").getAsLong()).isEqualTo(155_088_000L);
        assertThat(o.get("thop_flops").getAsLong()).isEqualTo(48_687_328_000L);
        assertThat(o.get("layers").getAsInt()).isEqualTo(79);
    }

    @Test
    void profileRejectsSizesThatAreNotMultiplesOf32() {
        CliRun r = CliRun.of("profile", "--space", "maedet", "--arch", S, "--input", "3x800x1333", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("multiples of 32");
    }

    @Test
    void scorePrintsScorePerStageAndStd() {
        CliRun r = CliRun.of("score", "--space", "maedet", "--arch", S, "--score", "closed-form", "--json");
        assertThat(r.code).as(r.err).isZero();
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        assertThat(o.get("score").getAsDouble()).isCloseTo(1731.91, offset(0.005));
        assertThat(o.getAsJsonArray("per_stage")).hasSize(5);
        assertThat(o.has("std")).isTrue();
        CliRun e = CliRun.of("score", "--space", "maedet", "--arch", S, "--score", "entropy", "--input", "3x64x64",
                "--batch", "1", "--repeats", "2", "--json");
        assertThat(e.code).as(e.err).isZero();
        assertThat(JsonParser.parseString(e.out).getAsJsonObject().get("std").getAsDouble()).isPositive();
    }

    @Test
    void searchWritesTheBestStructureAndResumes(@TempDir Path tmp) {
        String[] args = {"search", "maedet", "--budget-macs", "2e9", "--budget-input", "3x224x224", "--budget-layers", "40",
            "--population", "8", "--iterations", "24", "--seed", "1", "--run-dir", tmp.toString()};
        CliRun r = CliRun.of(args);
        assertThat(r.code).as(r.err).isZero();
        MaeDetStructure best = MaeDetStructure.parse(r.out);
        assertThat(MaeDetStructure.read(tmp.resolve("best_structure.txt"))).isEqualTo(best);
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--resume";
        CliRun resumed = CliRun.of(again);
        assertThat(resumed.code).as(resumed.err).isZero();
        assertThat(MaeDetStructure.parse(resumed.out)).isEqualTo(best);
        // The same command again reads the finished run back, as the other methods do.
        CliRun rerun = CliRun.of(args);
        assertThat(rerun.code).as(rerun.err).isZero();
        assertThat(MaeDetStructure.parse(rerun.out)).isEqualTo(best);
        // A run cut short (no best.json yet) is kept from a command that does not resume it.
        assertThat(tmp.resolve("best.json").toFile().delete()).isTrue();
        CliRun fresh = CliRun.of(args);
        assertThat(fresh.code).isEqualTo(2);
        assertThat(fresh.err).contains("already holds a search");
    }

    @Test
    void anImpossibleBudgetIsOneClearLine() {
        CliRun r = CliRun.of("search", "maedet", "--budget-macs", "1000", "--budget-input", "3x224x224", "--iterations", "5",
                "--run-dir", "target/impossible-" + System.nanoTime());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.trim()).contains("initial structure").contains("conv_macs limit 1000").doesNotContain("\n");
    }

    @Test
    void theCpuPresetIsMaeDetCpuAndFlagsOverrideIt(@TempDir Path tmp) {
        CliRun r = CliRun.of("search", "maedet", "--preset", "cpu", "--seed", "3", "--run-dir", tmp.resolve("cli").toString(),
                "--json");
        assertThat(r.code).as(r.err).isZero();
        org.nas4det.maedet.MaeDetResult java = org.nas4det.maedet.MaeDet.cpu().optSeed(3)
                .optRunDirectory(tmp.resolve("java")).build().run();
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(r.out).getAsJsonObject();
        assertThat(MaeDetStructure.parse(o.get("structure").getAsString())).isEqualTo(java.best());
        assertThat(o.get("candidates").getAsInt()).isEqualTo(java.candidates().candidates().size());
        // A flag wins over the preset; a preset that does not exist is bad usage.
        // Counting evaluations, 30 children are 30 structures evaluated (and the initial one).
        CliRun fewer = CliRun.of("search", "maedet", "--preset", "cpu", "--iterations", "30", "--counting", "evaluations",
                "--seed", "3", "--run-dir", tmp.resolve("fewer").toString(), "--json");
        assertThat(fewer.code).as(fewer.err).isZero();
        assertThat(com.google.gson.JsonParser.parseString(fewer.out).getAsJsonObject().get("candidates").getAsInt()).isEqualTo(31);
        CliRun badCounting = CliRun.of("search", "maedet", "--preset", "cpu", "--counting", "all", "--run-dir",
                tmp.resolve("bad-counting").toString());
        assertThat(badCounting.code).isEqualTo(2);
        assertThat(badCounting.err).contains("--counting").contains("draws or evaluations, got all");
        assertThat(tmp.resolve("bad-counting")).doesNotExist();
        CliRun bad = CliRun.of("search", "maedet", "--preset", "gpu", "--run-dir", tmp.resolve("bad").toString());
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains("--preset must be paper or cpu, got gpu");
    }
}

