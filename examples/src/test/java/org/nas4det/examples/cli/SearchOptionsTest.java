package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.maedet.MaeDetStructure;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The options every command shares (mixins), the one constraint vocabulary of the searches, and {@code --config}. */
class SearchOptionsTest {

    static final String[] SEARCHES = {"maedet", "detnas", "fad", "spnas"};

    private static CommandSpec spec(String... path) {
        CommandLine c = new CommandLine(new NasLauncher());
        for (String p : path) {
            c = c.getSubcommands().get(p);
        }
        return c.getCommandSpec();
    }

    private static List<CommandSpec> all() {
        List<CommandSpec> out = new ArrayList<>();
        walk(new CommandLine(new NasLauncher()), out);
        return out;
    }

    private static void walk(CommandLine c, List<CommandSpec> out) {
        out.add(c.getCommandSpec());
        for (CommandLine s : c.getSubcommands().values()) {
            walk(s, out);
        }
    }

    @Test
    void sharedOptionsComeFromTheMixinsAndTheGlobalOnesAreDeclaredOnce() {
        for (CommandSpec c : all()) {
            for (OptionSpec o : c.options()) {
                String n = o.longestName();
                Map<String, CommandSpec> mixins = c.mixins();
                if (n.equals("--seed") || n.equals("--json") || n.equals("--run-dir") || n.equals("--resume")) {
                    Class<?> expected = n.equals("--seed") ? SeedOption.class : n.equals("--json") ? JsonOption.class : RunDirOptions.class;
                    assertThat(mixins.values()).as(c.qualifiedName() + " " + n)
                            .anyMatch(m -> m.userObject() != null && m.userObject().getClass() == expected && m.options().contains(o));
                }
                if (n.equals("--threads") || n.equals("--verbose")) {
                    assertThat(o.inherited() || c.parent() == null).as(c.qualifiedName() + " redeclares " + n).isTrue();
                }
            }
        }
    }

    @Test
    void everySearchHasTheSharedFlagsAndTheConstraintVocabulary() {
        for (String s : SEARCHES) {
            CommandSpec c = spec("search", s);
            for (String f : new String[] {"--seed", "--json", "--run-dir", "--resume", "--config", "--threads", "--verbose"}) {
                assertThat(c.findOption(f)).as(s + " " + f).isNotNull();
            }
        }
        for (String s : new String[] {"maedet", "detnas", "spnas"}) {
            CommandSpec c = spec("search", s);
            for (String f : new String[] {"--max-macs", "--max-params", "--constraint-input", "--macs-convention"}) {
                assertThat(c.findOption(f)).as(s + " " + f).isNotNull();
            }
        }
        assertThat(spec("search", "maedet").findOption("--max-layers")).isNotNull();
        for (String[] cmd : new String[][] {{"quickstart"}, {"train"}, {"score"}, {"shapes"}}) {
            assertThat(spec(cmd).findOption("--seed")).as(cmd[0]).isNotNull();
        }
        for (String[] cmd : new String[][] {{"train"}, {"score"}, {"bench"}, {"profile"}, {"eval"}, {"eval-coco"}}) {
            assertThat(spec(cmd).findOption("--json")).as(cmd[0]).isNotNull();
        }
        assertThat(spec("quickstart").findOption("--run-dir").defaultValueString()).isEqualTo("runs/quickstart");
        for (String s : SEARCHES) {
            assertThat(spec("search", s).findOption("--run-dir").defaultValueString()).isEqualTo("runs/" + s);
        }
    }

    @Test
    void oldConstraintNamesAreAliasesOfTheNewOnes() {
        CommandSpec m = spec("search", "maedet");
        assertThat(m.findOption("--budget-macs")).isSameAs(m.findOption("--max-macs"));
        assertThat(m.findOption("--budget-input")).isSameAs(m.findOption("--constraint-input"));
        assertThat(m.findOption("--budget-params")).isSameAs(m.findOption("--max-params"));
        assertThat(m.findOption("--budget-layers")).isSameAs(m.findOption("--max-layers"));
        assertThat(m.findOption("--budget-convention")).isSameAs(m.findOption("--macs-convention"));
        CommandSpec d = spec("search", "detnas");
        assertThat(d.findOption("--budget-convention")).isSameAs(d.findOption("--macs-convention"));

        SearchMaeDetCommand cmd = new SearchMaeDetCommand();
        new CommandLine(cmd).parseArgs("--budget-macs", "2e9", "--budget-input", "3x64x64", "--budget-layers", "40",
                "--budget-params", "1e6", "--budget-convention", "thop");
        assertThat(cmd.constraints.maxMacs).isEqualTo(2e9);
        assertThat(cmd.constraints.input).isEqualTo("3x64x64");
        assertThat(cmd.constraints.maxParams).isEqualTo(1e6);
        assertThat(cmd.constraints.convention).isEqualTo("thop");
        assertThat(cmd.maxLayers).isEqualTo(40);
        SearchDetNasCommand det = new SearchDetNasCommand();
        new CommandLine(det).parseArgs("--budget-convention", "tinynas", "--max-macs", "0");
        assertThat(det.constraints.convention).isEqualTo("tinynas");
        assertThat(det.constraints.maxMacs).isZero();
        assertThat(new CommandLine(new SearchDetNasCommand()).parseArgs().hasMatchedOption("--max-macs")).isFalse();
        SearchDetNasCommand fresh = new SearchDetNasCommand();
        new CommandLine(fresh).parseArgs();
        assertThat(fresh.constraints.maxMacs).isEqualTo(300e6);
        assertThat(fresh.constraints.input).isEqualTo("3x224x224");
    }

    @Test
    void theHelpShowsOnlyTheNewNames() {
        for (String s : SEARCHES) {
            CliRun r = CliRun.of("search", s, "--help");
            assertThat(r.code).isZero();
            assertThat(r.out).as(s).doesNotContain("--budget-").contains("--config").contains("--seed").contains("--run-dir");
            if (!s.equals("fad")) {
                assertThat(r.out).as(s).contains("--max-macs").contains("--constraint-input").contains("--macs-convention");
            }
        }
    }

    @Test
    void aBadValueIsReportedUnderTheNameTheUserGave() {
        CliRun n = CliRun.of("search", "maedet", "--max-macs", "-1");
        assertThat(n.code).isEqualTo(2);
        assertThat(n.err).contains("'--max-macs'").doesNotContain("--budget-macs");
        CliRun o = CliRun.of("search", "maedet", "--budget-macs", "-1");
        assertThat(o.code).isEqualTo(2);
        assertThat(o.err).contains("'--budget-macs'");
        CliRun l = CliRun.of("search", "maedet", "--max-layers=0");
        assertThat(l.code).isEqualTo(2);
        assertThat(l.err).contains("'--max-layers'");
    }

    @Test
    void noCommandUsesAnotherCommandsStatics() throws IOException {
        Path dir = Path.of("src/main/java/org/nas4det/examples/cli");
        String[] commands = {"SearchMaeDetCommand", "SearchDetNasCommand", "SearchFadCommand", "SearchSpNasCommand",
            "ScoreCommand", "TrainCommand", "QuickstartCommand", "ProfileCommand", "ShapesCommand", "EvalCommand",
            "EvalCocoCommand", "BenchCommand"};
        for (String user : commands) {
            String text = Files.readString(dir.resolve(user + ".java"));
            for (String other : commands) {
                if (!other.equals(user)) {
                    assertThat(text).as(user + " uses " + other).doesNotContain(other + ".");
                }
            }
        }
    }

    @Test
    void maeDetSearchPrintsOneJsonObject(@TempDir Path tmp) {
        CliRun r = CliRun.of("search", "maedet", "--max-macs", "2e9", "--constraint-input", "3x64x64", "--max-layers", "40",
                "--population", "8", "--iterations", "10", "--seed", "1", "--run-dir", tmp.toString(), "--json");
        assertThat(r.code).as(r.err).isZero();
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        assertThat(r.out.trim()).doesNotContain("\n");
        MaeDetStructure best = MaeDetStructure.parse(o.get("structure").getAsString());
        assertThat(MaeDetStructure.read(tmp.resolve("best_structure.txt"))).isEqualTo(best);
        assertThat(o.get("score").getAsDouble()).isPositive();
        assertThat(o.get("conv_macs").getAsLong()).isPositive().isLessThanOrEqualTo(2_000_000_000L);
        assertThat(o.get("params").getAsLong()).isPositive();
        assertThat(o.get("layers").getAsInt()).isBetween(1, 40);
        assertThat(o.get("candidates").getAsInt()).isPositive();
        assertThat(o.get("run_dir").getAsString()).isEqualTo(tmp.toString());
    }

    @Test
    void maeDetConfigFileRunsTheSearchAndAFlagBeatsTheFile(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("maedet.json");
        Files.writeString(config, "{\"max-macs\": 2e9, \"constraint-input\": \"3x64x64\", \"max-layers\": 40, \"population\": 8,"
                + " \"iterations\": 10, \"seed\": 1, \"run-dir\": \"" + tmp.resolve("from-config").toString().replace("\\", "\\\\")
                + "\", \"json\": true}");
        CliRun r = CliRun.of("search", "maedet", "--config", config.toString(), "--run-dir", tmp.resolve("from-flag").toString());
        assertThat(r.code).as(r.err).isZero();
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        assertThat(o.get("run_dir").getAsString()).isEqualTo(tmp.resolve("from-flag").toString());
        assertThat(Files.exists(tmp.resolve("from-flag").resolve("best_structure.txt"))).isTrue();
        assertThat(Files.exists(tmp.resolve("from-config"))).isFalse();
        assertThat(o.get("layers").getAsInt()).isLessThanOrEqualTo(40);
    }

    @Test
    void configValuesReachEverySearchsOptions(@TempDir Path tmp) throws IOException {
        for (String s : SEARCHES) {
            Path config = tmp.resolve(s + ".json");
            Files.writeString(config, "{\"seed\": 7, \"run-dir\": \"runs/other\", \"resume\": true"
                    + (s.equals("fad") ? "" : ", \"max-params\": 5e6") + "}");
            CommandLine root = new CommandLine(new NasLauncher());
            String[] args = {"search", s, "--config", config.toString(), "--seed", "9"};
            ConfigOption.install(root, args);
            root.parseArgs(args);
            CommandLine c = root.getSubcommands().get("search").getSubcommands().get(s);
            CommandSpec spec = c.getCommandSpec();
            assertThat((Long) spec.findOption("--seed").getValue()).as(s + ": the flag wins").isEqualTo(9L);
            assertThat(spec.findOption("--run-dir").getValue().toString()).as(s).isEqualTo(Path.of("runs/other").toString());
            assertThat((Boolean) spec.findOption("--resume").getValue()).as(s).isTrue();
            if (!s.equals("fad")) {
                assertThat((Double) spec.findOption("--max-params").getValue()).as(s).isEqualTo(5e6);
            }
        }
    }

    @Test
    void aBadValueInTheConfigIsExit2NamingTheFileAndKey(@TempDir Path tmp) throws IOException {
        for (String s : SEARCHES) {
            Path config = tmp.resolve(s + ".json");
            Files.writeString(config, "{\"seed\": \"many\"}");
            CliRun r = CliRun.of("search", s, "--config", config.toString());
            assertThat(r.code).as(s + ": " + r.err).isEqualTo(2);
            assertThat(r.err).as(s).contains(config.toString()).contains("'seed'").doesNotContain("\tat ");
        }
    }

    @Test
    void aKeyGivenTwiceInAConfigIsRefused(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("dup.json");
        Files.writeString(config, "{\"iterations\": 20, \"seed\": 1, \"iterations\": 30}");
        CliRun r = CliRun.of("search", "maedet", "--config", config.toString());
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err).contains(config.toString()).contains("key 'iterations'").contains("twice");
    }

    @Test
    void theLaunchersOwnOptionsAreRefusedInAConfigWhereTheyWouldBeIgnored(@TempDir Path tmp) throws IOException {
        for (String key : new String[] {"threads", "verbose"}) {
            Path config = tmp.resolve(key + ".json");
            Files.writeString(config, "{\"" + key + "\": " + (key.equals("threads") ? "1" : "true") + "}");
            for (String s : SEARCHES) {
                CliRun r = CliRun.of("search", s, "--config", config.toString());
                assertThat(r.code).as(s + ": " + r.err).isEqualTo(2);
                assertThat(r.err).as(s).contains(config.toString()).contains("'" + key + "'").contains("on the command line (--" + key + ")");
            }
        }
    }

    @Test
    void unknownKeysWrongTypesAndUnreadableFilesAreExit2(@TempDir Path tmp) throws IOException {
        Path unknown = tmp.resolve("unknown.json");
        Files.writeString(unknown, "{\"seed\": 1, \"no-such-flag\": 3}");
        Path wrongType = tmp.resolve("type.json");
        Files.writeString(wrongType, "{\"resume\": \"yes\"}");
        Path object = tmp.resolve("object.json");
        Files.writeString(object, "{\"max-macs\": {\"value\": 3}}");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"seed\": 1,");
        for (String s : SEARCHES) {
            CliRun r = CliRun.of("search", s, "--config", unknown.toString());
            assertThat(r.code).as(s + ": " + r.err).isEqualTo(2);
            assertThat(r.err).contains(unknown.toString()).contains("'no-such-flag'");
            assertThat(r.err.strip().lines().count()).as(r.err).isEqualTo(1);
            CliRun t = CliRun.of("search", s, "--config", wrongType.toString());
            assertThat(t.code).as(s + ": " + t.err).isEqualTo(2);
            assertThat(t.err).contains(wrongType.toString()).contains("'resume'");
            CliRun b = CliRun.of("search", s, "--config", broken.toString());
            assertThat(b.code).as(s + ": " + b.err).isEqualTo(2);
            assertThat(b.err).contains(broken.toString());
            CliRun d = CliRun.of("search", s, "--config", tmp.toString());
            assertThat(d.code).as(s + ": " + d.err).isEqualTo(2);
            assertThat(d.err).contains(tmp.toString()).doesNotContain("\tat ");
            CliRun m = CliRun.of("search", s, "--config", tmp.resolve("missing.json").toString());
            assertThat(m.code).as(s + ": " + m.err).isEqualTo(2);
            assertThat(m.err).contains("missing.json");
        }
        CliRun o = CliRun.of("search", "detnas", "--config", object.toString());
        assertThat(o.code).as(o.err).isEqualTo(2);
        assertThat(o.err).contains(object.toString()).contains("'max-macs'");
    }
}
