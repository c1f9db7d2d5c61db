package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.spnas.SpNas;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code profile --space spnas} numbers (design/spnas.md section 5), the bad-input contract of SP-NAS
 * commands, and every builder setting reachable from {@code search spnas}.
 */
class SpNasCommandsTest {

    /** Each {@code SpNas.Builder} setting and the flags that set it. */
    private static final Map<String, List<String>> FLAGS_OF_SETTING = new LinkedHashMap<>();

    static {
        FLAGS_OF_SETTING.put("optSeedArch", List.of("--seed-arch", "--block"));
        FLAGS_OF_SETTING.put("optWidth", List.of("--width"));
        FLAGS_OF_SETTING.put("optHead", List.of("--head"));
        FLAGS_OF_SETTING.put("optHeadChannels", List.of("--head-channels"));
        FLAGS_OF_SETTING.put("optTowerDepth", List.of("--tower-depth"));
        FLAGS_OF_SETTING.put("optImageSize", List.of("--input-size"));
        FLAGS_OF_SETTING.put("optFineTune", List.of("--finetune-iterations", "--finetune-batch", "--finetune-lr", "--finetune-warmup"));
        FLAGS_OF_SETTING.put("optSeedIterations", List.of("--seed-iterations"));
        FLAGS_OF_SETTING.put("optSerialSamples", List.of("--serial-samples"));
        FLAGS_OF_SETTING.put("optNumMutate", List.of("--num-mutate"));
        FLAGS_OF_SETTING.put("optExpandRatio", List.of("--expand-ratio"));
        FLAGS_OF_SETTING.put("optAddStageRatio", List.of("--add-stage-ratio"));
        FLAGS_OF_SETTING.put("optMaxStages", List.of("--max-stages"));
        FLAGS_OF_SETTING.put("optPatience", List.of("--patience"));
        FLAGS_OF_SETTING.put("optMaxReignitions", List.of("--max-reignitions"));
        FLAGS_OF_SETTING.put("optReignition", List.of("--reignition-iterations", "--reignition-batch", "--reignition-lr", "--reignition-warmup"));
        FLAGS_OF_SETTING.put("optParallelSamples", List.of("--parallel-samples"));
        FLAGS_OF_SETTING.put("optZeroShare", List.of("--zero-share"));
        FLAGS_OF_SETTING.put("optSharedCopies", List.of("--shared-copies"));
        FLAGS_OF_SETTING.put("optFreezeInherited", List.of("--freeze-inherited"));
        FLAGS_OF_SETTING.put("optFinalTraining", List.of("--final-iterations", "--final-batch", "--final-lr", "--final-warmup"));
        FLAGS_OF_SETTING.put("optDetectionData", List.of("--data", "--data-split"));
        FLAGS_OF_SETTING.put("optHoldoutFraction", List.of("--holdout-fraction"));
        FLAGS_OF_SETTING.put("optSyntheticImages", List.of("--synthetic-images"));
        FLAGS_OF_SETTING.put("optClassificationData", List.of("--cls-data"));
        FLAGS_OF_SETTING.put("optRunDirectory", List.of("--run-dir"));
        FLAGS_OF_SETTING.put("optSeed", List.of("--seed"));
        FLAGS_OF_SETTING.put("optResume", List.of("--resume"));
        FLAGS_OF_SETTING.put("optConstraints", List.of("--max-macs", "--max-params", "--constraint-input", "--macs-convention"));
        FLAGS_OF_SETTING.put("optExecutor", List.of("--spark-master", "--spark-staging"));
    }

    private static SearchSpNasCommand parse(List<String> flags) {
        CommandLine cl = new CommandLine(new NasLauncher());
        List<String> args = new ArrayList<>(List.of("search", "spnas", "--preset", "cpu"));
        args.addAll(flags);
        cl.parseArgs(args.toArray(new String[0]));
        return cl.getSubcommands().get("search").getSubcommands().get("spnas").getCommand();
    }

    @Test
    void everyBuilderSettingHasAFlag() {
        Set<String> settings = new TreeSet<>();
        for (Method m : SpNas.Builder.class.getMethods()) {
            if (m.getName().startsWith("opt") && Modifier.isPublic(m.getModifiers()) && !m.isAnnotationPresent(Deprecated.class)) {
                settings.add(m.getName());
            }
        }
        assertThat(settings).as("a new SpNas.Builder setting needs a flag on search spnas").isEqualTo(new TreeSet<>(FLAGS_OF_SETTING.keySet()));
        Set<String> flags = new TreeSet<>();
        for (OptionSpec o : new CommandLine(new NasLauncher()).getSubcommands().get("search").getSubcommands().get("spnas")
                .getCommandSpec().options()) {
            flags.addAll(List.of(o.names()));
        }
        FLAGS_OF_SETTING.values().forEach(f -> assertThat(flags).containsAll(f));
    }

    /**
     * Each flag, alone on top of the cpu preset, changes the run's settings (what {@code spnas.json}
     * binds a run directory to) and nothing else. The run directory, resume and constraint flags are
     * the shared mixins (SearchOptionsTest).
     */
    @Test
    void everySettingFlagReachesTheBuilder(@TempDir Path tmp) {
        JsonObject preset = parse(List.of()).configure().settings();
        ShapesLayout coco = SyntheticShapes.builder().imageSize(64).trainImages(3).valImages(2).holdoutImages(1).seed(0).build()
                .ensureDetection(tmp.resolve("coco"));
        String data = coco.annotations("train").getParent().getParent().toString();
        JsonObject train = parse(List.of("--data", data)).configure().settings();
        assertThat(train.get("data").getAsString()).contains("instances_train.json");
        assertThat(parse(List.of("--data", data, "--data-split", "val")).configure().settings().get("data").getAsString())
                .contains("instances_val.json");
        assertThat(parse(List.of("--data", data, "--holdout-fraction", "0.5")).configure().settings().get("data"))
                .isNotEqualTo(train.get("data"));
        Map<List<String>, String> changes = new LinkedHashMap<>();
        changes.put(List.of("--seed-arch", "b_11-21-21-211_0-0-0-0"), "seed_arch");
        changes.put(List.of("--block", "bottleneck"), "seed_arch");
        changes.put(List.of("--width", "16"), "width");
        changes.put(List.of("--head", "retinanet"), "head");
        changes.put(List.of("--head-channels", "8"), "channels");
        changes.put(List.of("--tower-depth", "0"), "tower_depth");
        changes.put(List.of("--input-size", "64"), "input_size");
        changes.put(List.of("--finetune-iterations", "7"), "fine_tune");
        changes.put(List.of("--finetune-batch", "3"), "fine_tune");
        changes.put(List.of("--finetune-lr", "0.5"), "fine_tune");
        changes.put(List.of("--finetune-warmup", "2"), "fine_tune");
        changes.put(List.of("--seed-iterations", "9"), "seed_iterations");
        changes.put(List.of("--serial-samples", "0"), "serial_samples");
        changes.put(List.of("--num-mutate", "2"), "mutation");
        changes.put(List.of("--expand-ratio", "0.5"), "mutation");
        changes.put(List.of("--add-stage-ratio", "0.5"), "mutation");
        changes.put(List.of("--max-stages", "5"), "mutation");
        changes.put(List.of("--patience", "2"), "reignition");
        changes.put(List.of("--max-reignitions", "1"), "reignition");
        changes.put(List.of("--reignition-iterations", "7"), "reignition");
        changes.put(List.of("--reignition-batch", "3"), "reignition");
        changes.put(List.of("--reignition-lr", "0.5"), "reignition");
        changes.put(List.of("--reignition-warmup", "2"), "reignition");
        changes.put(List.of("--parallel-samples", "0"), "parallel");
        changes.put(List.of("--zero-share", "0.5"), "parallel");
        changes.put(List.of("--shared-copies"), "parallel");
        changes.put(List.of("--freeze-inherited"), "freeze_inherited");
        changes.put(List.of("--final-iterations", "7"), "final");
        changes.put(List.of("--final-batch", "3"), "final");
        changes.put(List.of("--final-lr", "0.5"), "final");
        changes.put(List.of("--final-warmup", "2"), "final");
        changes.put(List.of("--synthetic-images", "9"), "data");
        changes.put(List.of("--cls-data", "cls"), "classification");
        changes.put(List.of("--seed", "5"), "seed");
        for (Map.Entry<List<String>, String> c : changes.entrySet()) {
            JsonObject now = parse(c.getKey()).configure().settings();
            assertThat(now.get(c.getValue())).as("%s changes %s", c.getKey(), c.getValue()).isNotEqualTo(preset.get(c.getValue()));
            for (String key : preset.keySet()) {
                if (!key.equals(c.getValue())) {
                    assertThat(now.get(key)).as("%s leaves %s", c.getKey(), key).isEqualTo(preset.get(key));
                }
            }
        }
    }

    @Test
    void profileCountsSection5Parameters() {
        CliRun r50 = CliRun.of("profile", "--space", "spnas", "--arch", "111-2111-211111-211", "--json");
        assertThat(r50.code).as(r50.err).isZero();
        JsonObject o = JsonParser.parseString(r50.out.trim()).getAsJsonObject();
        assertThat(o.get("params").getAsLong()).isEqualTo(23_508_032L);
        assertThat(o.get("conv_macs").getAsLong()).isEqualTo(4_087_136_256L);
        CliRun r18 = CliRun.of("profile", "--space", "spnas", "--arch", "11-21-21-21", "--block", "basic", "--json");
        assertThat(JsonParser.parseString(r18.out.trim()).getAsJsonObject().get("params").getAsLong()).isEqualTo(11_176_512L);
        CliRun arch = CliRun.of("profile", "--space", "spnas", "--arch", "b_11-21-21-21_0-0-0-0", "--json");
        assertThat(JsonParser.parseString(arch.out.trim()).getAsJsonObject().get("params").getAsLong()).isEqualTo(11_176_512L);
        CliRun cls = CliRun.of("profile", "--space", "spnas", "--arch", "111-2111-211111-211", "--mode", "classifier", "--json");
        assertThat(JsonParser.parseString(cls.out.trim()).getAsJsonObject().get("params").getAsLong()).isEqualTo(25_557_032L);
    }

    @Test
    void aRunsBestArchFileIsProfiledAtTheRunsWidth(@TempDir Path tmp) throws Exception {
        // The arch string holds no width: profiled alone it was counted at 64, 63 times the
        // parameters the search (width 8) reported for it.
        Files.writeString(tmp.resolve(SpNas.SETTINGS), parse(List.of("--width", "8")).configure().settings().toString());
        Path best = tmp.resolve("best_arch.txt");
        Files.writeString(best, "b_11-21-21-21_0-0-0-0\n");
        org.nas4det.spnas.SpNasArch a = org.nas4det.spnas.SpNasArch.parse("b_11-21-21-21_0-0-0-0");
        ai.djl.ndarray.types.Shape input = new ai.djl.ndarray.types.Shape(1, 3, 224, 224);
        CliRun r = CliRun.of("profile", "--space", "spnas", "--arch", best.toString(), "--json");
        assertThat(r.code).as(r.err).isZero();
        assertThat(JsonParser.parseString(r.out.trim()).getAsJsonObject().get("params").getAsLong())
                .isEqualTo(org.nas4det.core.cost.CostModel.count(SpNas.standalone(a, 8, false), input).params())
                .isLessThan(11_176_512L / 50);
        CliRun wider = CliRun.of("profile", "--space", "spnas", "--arch", best.toString(), "--width", "16", "--json");
        assertThat(JsonParser.parseString(wider.out.trim()).getAsJsonObject().get("params").getAsLong())
                .isEqualTo(org.nas4det.core.cost.CostModel.count(SpNas.standalone(a, 16, false), input).params());
    }

    @Test
    void badCodesAndOptionsExitTwoWithOneLine() {
        CliRun r = CliRun.of("profile", "--space", "spnas", "--arch", "111-2131-211111-211", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.trim()).contains("character 7").contains("111-21[3]1-211111-211").doesNotContain("\n");
        CliRun block = CliRun.of("profile", "--space", "spnas", "--arch", "11-21-21-21", "--block", "dense");
        assertThat(block.code).isEqualTo(2);
        assertThat(block.err).contains("resnext32x4d");
        CliRun preset = CliRun.of("search", "spnas", "--preset", "fast");
        assertThat(preset.code).isEqualTo(2);
        assertThat(preset.err.trim()).contains("--preset").doesNotContain("\n");
        CliRun seed = CliRun.of("search", "spnas", "--preset", "cpu", "--seed-arch", "r_11-21-21-21_0-0-5-0");
        assertThat(seed.code).isEqualTo(2);
        assertThat(seed.err).contains("at most 3");
        CliRun samples = CliRun.of("search", "spnas", "--preset", "cpu", "--serial-samples", "-1");
        assertThat(samples.code).isEqualTo(2);
        assertThat(samples.err).contains("--serial-samples").contains("-1");
        CliRun head = CliRun.of("search", "spnas", "--preset", "cpu", "--head", "yolo", "--run-dir", "never-created");
        assertThat(head.code).isEqualTo(2);
        assertThat(head.err.trim()).contains("faster_rcnn").contains("yolo").doesNotContain("\n");
        assertThat(Path.of("never-created")).doesNotExist();
        CliRun warmup = CliRun.of("search", "spnas", "--preset", "cpu", "--final-warmup", "-1");
        assertThat(warmup.code).isEqualTo(2);
        assertThat(warmup.err).contains("--final-warmup");
    }
}
