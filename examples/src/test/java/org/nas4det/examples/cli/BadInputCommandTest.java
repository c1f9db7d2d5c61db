package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The CLI.md contract for bad input: exit 2, one clear line on stderr naming the file, record
 * or option, no stack trace, nothing written. Each test covers a class of defect (issue 10 §2).
 */
class BadInputCommandTest {

    private static final String TINY = "[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 8, 's': 2, 'k': 3},"
            + " {'class': 'SuperResK1KXK1', 'in': 8, 'out': 16, 's': 2, 'k': 3, 'L': 1, 'btn': 8}]";

    private static final String FIVE_STAGES = "[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 8, 's': 2, 'k': 3},"
            + " {'class': 'SuperResK1KXK1', 'in': 8, 'out': 16, 's': 2, 'k': 3, 'L': 1, 'btn': 8},"
            + " {'class': 'SuperResK1KXK1', 'in': 16, 'out': 32, 's': 2, 'k': 3, 'L': 1, 'btn': 8},"
            + " {'class': 'SuperResK1KXK1', 'in': 32, 'out': 64, 's': 2, 'k': 3, 'L': 1, 'btn': 8},"
            + " {'class': 'SuperResK1KXK1', 'in': 64, 'out': 128, 's': 2, 'k': 3, 'L': 1, 'btn': 8}]";

    /** Asserts exit 2 with one error line (plus picocli's help hint for usage errors), no trace. */
    private static void assertBadInput(CliRun r, String... mentions) {
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err).startsWith("error: ").doesNotContain("\tat ").doesNotContain("Exception");
        List<String> lines = r.err.lines().filter(l -> !l.startsWith("Try '")).filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("note: ")).toList();
        assertThat(lines).as(r.err).hasSize(1);
        for (String m : mentions) {
            assertThat(r.err).contains(m);
        }
    }

    @Test
    void aStructureNestedThousandsDeepIsASyntaxErrorWithFileLineAndColumn(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("deep.txt");
        Files.writeString(f, "\n  " + "[".repeat(5000));
        CliRun r = CliRun.of("profile", "--space", "maedet", "--arch", f.toString());
        assertBadInput(r, "deep.txt", "line 2", "column", "nested deeper than");
    }

    @Test
    void binaryOrNonUtf8FilesAreSaidToBeSoWithTheByte(@TempDir Path tmp) throws Exception {
        Path structure = tmp.resolve("bin.txt");
        Files.write(structure, new byte[] {'[', '{', (byte) 0xff, (byte) 0xfe, 0, 1});
        assertBadInput(CliRun.of("profile", "--space", "maedet", "--arch", structure.toString()),
                "bin.txt", "not UTF-8", "offset 2");
        Path gt = tmp.resolve("gt.json");
        String latin1 = "{\"images\": [], \"x\": \"caf\u00e9\"}";
        Files.write(gt, latin1.getBytes(StandardCharsets.ISO_8859_1));
        assertBadInput(CliRun.of("eval-coco", "--gt", gt.toString(), "--dt", gt.toString()), "gt.json", "not UTF-8",
                "offset " + latin1.indexOf('\u00e9'));
    }

    @Test
    void absurdSizesAreRejectedByNameInsteadOfOverflowingOrRunningForMinutes() {
        for (String key : List.of("'btn': 8", "'out': 16")) {
            String huge = TINY.replace(key, key.replace(key.substring(key.indexOf(':') + 2), "1000000000"));
            CliRun r = CliRun.of("profile", "--space", "maedet", "--arch", huge, "--json");
            assertBadInput(r, "block 1", key.substring(0, key.indexOf(':')), "sanity cap");
            assertThat(r.out).isEmpty();
        }
        long t0 = System.nanoTime();
        assertBadInput(CliRun.of("profile", "--space", "maedet", "--arch", TINY.replace("'L': 1", "'L': 1000000000")), "'L'");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(30);
        assertBadInput(CliRun.of("profile", "--space", "resnet", "--arch", "18", "--input", "3x1000000x1000000"), "--input");
    }

    @Test
    void unknownKeysInAStructureAreErrors() {
        assertBadInput(CliRun.of("profile", "--space", "maedet", "--arch", TINY.replace("'k': 3}", "'k': 3, 'kk': 5}")),
                "block 0", "'kk'", "unknown key");
    }

    @Test
    void everyNumericOptionOfEveryCommandIsCheckedAtParseTimeNamingTheOption() {
        List<String[]> checked = new ArrayList<>();
        walk(new CommandLine(new NasLauncher()).getCommandSpec(), new ArrayList<>(), checked);
        assertThat(checked).hasSizeGreaterThan(40);
        for (String[] c : checked) {
            CliRun r = CliRun.of(c);
            assertThat(r.code).as(String.join(" ", c) + ": " + r.err).isEqualTo(2);
            assertThat(r.err).as(String.join(" ", c)).contains("'" + c[c.length - 2] + "'").contains("Try '")
                    .doesNotContain("\tat ");
            assertThat(r.err.lines().count()).as(r.err).isEqualTo(2);
        }
    }

    /**
     * Collects, for every numeric option of every command, arguments giving it values that no
     * option means anything with: NaN always, and -1 and 0 for the options that
     * {@link OptionValues} checks. Every numeric option but a seed must use one of them.
     */
    private static void walk(CommandSpec spec, List<String> path, List<String[]> out) {
        for (OptionSpec o : spec.options()) {
            Class<?> t = o.type();
            boolean numeric = Set.of(int.class, Integer.class, long.class, Long.class, float.class, Float.class,
                    double.class, Double.class).contains(t);
            if (!numeric || (o.inherited() && !path.isEmpty())) {
                continue;
            }
            List<String> values = new ArrayList<>(List.of("NaN"));
            if (!o.longestName().equals("--seed")) {
                assertThat(o.converters()).as(o.longestName() + " of " + spec.qualifiedName()).isNotEmpty();
                assertThat(o.converters()[0].getClass().getEnclosingClass()).as(o.longestName() + " of " + spec.qualifiedName())
                        .isEqualTo(OptionValues.class);
                values.add("-1");
                if (!(o.converters()[0] instanceof OptionValues.NonNegative)
                        && !(o.converters()[0] instanceof OptionValues.NonNegativeDouble)
                        && !(o.converters()[0] instanceof OptionValues.NonNegativeFloat)
                        && !(o.converters()[0] instanceof OptionValues.Probability)) {
                    values.add("0");
                }
            }
            for (String v : values) {
                List<String> args = new ArrayList<>(path);
                args.add(o.longestName());
                args.add(v);
                out.add(args.toArray(new String[0]));
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(sub.getCommandName());
            walk(sub.getCommandSpec(), p, out);
        }
    }

    @Test
    void theReportedCasesNameTheirOption() {
        assertBadInput(CliRun.of("score", "--space", "maedet", "--arch", TINY, "--score", "entropy", "--batch", "0"), "--batch");
        assertBadInput(CliRun.of("score", "--space", "maedet", "--arch", TINY, "--score", "entropy", "--repeats", "0"), "--repeats");
        assertBadInput(CliRun.of("score", "--space", "maedet", "--arch", TINY, "--score", "entropy", "--repeats", "-2"), "--repeats");
        assertBadInput(CliRun.of("--threads", "0", "profile", "--space", "resnet", "--arch", "18"), "--threads");
        assertBadInput(CliRun.of("--threads", "-3", "profile", "--space", "resnet", "--arch", "18"), "--threads");
        for (String[] lr : List.of(new String[] {"--lr", "NaN"}, new String[] {"--lr", "-1"}, new String[] {"--warmup", "-1"})) {
            CliRun r = CliRun.of("train", "--arch", "a.json", "--data", "d", lr[0], lr[1]);
            assertBadInput(r, lr[0]);
        }
    }

    @Test
    void valuesThatWouldFailLateOrOverflowAreRefusedUpFront(@TempDir Path tmp) {
        assertBadInput(CliRun.of("shapes", "--out", tmp.resolve("s").toString(), "--size", "100000", "--images", "1"), "--size", "..4096");
        assertThat(tmp.resolve("s")).doesNotExist();
        long t0 = System.nanoTime();
        assertBadInput(CliRun.of("search", "detnas", "--preset", "cpu", "--head", "yolo", "--run-dir", tmp.resolve("d").toString()),
                "yolo");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(60);
        assertBadInput(CliRun.of("score", "--space", "maedet", "--arch", TINY, "--score", "bogus"), "--score",
                "closed-form or entropy");
    }

    @Test
    void usageErrorsAreOneLinePlusWhereToFindHelp() {
        CliRun r = CliRun.of("profile", "--space", "resnet", "--arch", "18", "--bogus");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.lines().toList()).containsExactly("error: Unknown option: '--bogus'",
                "Try 'nas profile --help' for more information.");
        CliRun missing = CliRun.of("search", "maedet", "--population");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err.lines().toList()).hasSize(2).last().isEqualTo("Try 'nas search maedet --help' for more information.");
    }

    @Test
    void outputPathsThatAreTheWrongKindOfFileAreNamedWithTheirOption(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertBadInput(CliRun.of("search", "maedet", "--run-dir", file.toString(), "--iterations", "1"), "--run-dir", "afile");
        assertBadInput(CliRun.of("search", "maedet", "--run-dir", file.resolve("sub").toString()), "--run-dir", "afile");
        assertBadInput(CliRun.of("shapes", "--out", file.toString()), "--out", "afile");
        assertBadInput(CliRun.of("train", "--arch", "a.json", "--data", "d", "--out", file.toString()), "--out", "afile");
        assertBadInput(CliRun.of("quickstart", "--run-dir", file.toString()), "--run-dir", "afile");
        assertBadInput(CliRun.of("eval", "--model", "m", "--data", "d", "--results", tmp.toString()), "--results", "directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aSeedStructureWiderThanMaxChannelsIsRefusedBeforeTheSearch(@TempDir Path tmp) {
        // The default seed has 1024- and 2048-wide blocks: every candidate would inherit them.
        assertBadInput(CliRun.of("search", "maedet", "--max-channels", "512", "--iterations", "2", "--population", "2",
                "--run-dir", tmp.resolve("r").toString()), "--max-channels", "block 3", "1024 output channels", "--seed-structure");
    }

    @Test
    void inlineArchitectureErrorsNameArch() {
        assertBadInput(CliRun.of("profile", "--space", "maedet", "--arch", "{'best_structures': [[]]}"), "--arch: ", "no block");
        assertBadInput(CliRun.of("profile", "--space", "detnas", "--arch", "[0, 1, 2]"), "--arch: ");
        assertBadInput(CliRun.of("profile", "--space", "spnas", "--arch", "11x-2"), "--arch");
    }

    @Test
    void oddValuesAreRefusedNamingTheirOption(@TempDir Path tmp) {
        String run = tmp.resolve("r").toString();
        // A typo in the convention, even without a MAC limit to apply it to.
        assertBadInput(CliRun.of("search", "maedet", "--macs-convention", "foo", "--iterations", "2", "--run-dir", run),
                "--macs-convention", "foo");
        assertBadInput(CliRun.of("search", "maedet", "--iterations", "0", "--run-dir", run), "--iterations");
        assertBadInput(CliRun.of("search", "maedet", "--seed-structure", "garbage", "--iterations", "2", "--run-dir", run),
                "--seed-structure", "garbage");
        // An empty output folder would be the working directory.
        assertBadInput(CliRun.of("shapes", "--out", "", "--images", "2", "--size", "32"), "--out", "empty");
        assertBadInput(CliRun.of("shapes", "--out", tmp.resolve("s").toString(), "--size", "8"), "--size", "32..4096", "8");
        assertBadInput(CliRun.of("shapes", "--out", tmp.resolve("s").toString(), "--images", "2000000"), "--images", "2000000");
        assertBadInput(CliRun.of("search", "spnas", "--preset", "cpu", "--max-stages", "3", "--run-dir", run), "--max-stages", "4..6");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void jsonOutputIsAlwaysValidJson() {
        CliRun r = CliRun.of("score", "--space", "maedet", "--arch", FIVE_STAGES, "--score", "closed-form", "--json");
        assertThat(r.code).as(r.err).isZero();
        assertThat(JsonParser.parseString(r.out).getAsJsonObject().get("score").getAsDouble()).isFinite();
        assertThat(JsonOutput.text(JsonParser.parseString("{\"a\": [1, 2.5]}"))).isEqualTo("{\"a\":[1,2.5]}");
        com.google.gson.JsonObject nan = new com.google.gson.JsonObject();
        nan.addProperty("score", Double.NaN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonOutput.text(nan)).hasMessageContaining("$.score");
    }

    @Test
    void resumeOfADirectoryThatDoesNotExistSaysItStartsFresh(@TempDir Path tmp) {
        Path dir = tmp.resolve("nothing-here");
        CliRun r = CliRun.of("search", "maedet", "--run-dir", dir.toString(), "--resume", "--iterations", "2", "--population", "2",
                "--budget-input", "3x64x64", "--budget-layers", "40");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.err).contains("note: --resume: " + dir + " does not exist; starting a new search there");
        assertThat(dir.resolve("best_structure.txt")).exists();
    }

    @Test
    void aDamagedCheckpointIsRecoveredFromTheLogAndEndsAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        String[] search = {"search", "maedet", "--iterations", "60", "--population", "8", "--budget-input", "3x64x64",
            "--budget-layers", "40"};
        CliRun ref = CliRun.of(concat(search, "--run-dir", tmp.resolve("ref").toString()));
        assertThat(ref.code).as(ref.err).isZero();
        List<String> log = Files.readAllLines(tmp.resolve("ref/search.jsonl"));
        for (String damage : List.of("empty", "truncated", "deleted")) {
            Path dir = tmp.resolve(damage);
            Files.createDirectories(dir);
            // Killed mid-run: half the log, its last line torn, and a damaged checkpoint.
            Files.writeString(dir.resolve("search.jsonl"), String.join("\n", log.subList(0, 30)) + "\n"
                    + log.get(30).substring(0, 20));
            String cp = Files.readString(tmp.resolve("ref/checkpoint.json"));
            if (damage.equals("truncated")) {
                Files.writeString(dir.resolve("checkpoint.json"), cp.substring(0, cp.length() / 2));
            } else if (damage.equals("empty")) {
                Files.writeString(dir.resolve("checkpoint.json"), "");
            }
            CliRun resumed = CliRun.of(concat(search, "--run-dir", dir.toString(), "--resume"));
            assertThat(resumed.code).as(resumed.err).isZero();
            assertThat(resumed.out).isEqualTo(ref.out);
            assertThat(Files.readString(dir.resolve("best_structure.txt")))
                    .isEqualTo(Files.readString(tmp.resolve("ref/best_structure.txt")));
            assertThat(Files.readAllLines(dir.resolve("search.jsonl")).stream().map(BadInputCommandTest::withoutSeconds))
                    .containsExactlyElementsOf(log.stream().map(BadInputCommandTest::withoutSeconds).toList());
        }
    }

    @Test
    void aLogDamagedInTheMiddleNamesTheFileAndWhatToDo(@TempDir Path tmp) throws Exception {
        String[] search = {"search", "maedet", "--iterations", "20", "--population", "8", "--budget-input", "3x64x64",
            "--budget-layers", "40", "--run-dir", tmp.toString()};
        assertThat(CliRun.of(search).code).isZero();
        List<String> log = new ArrayList<>(Files.readAllLines(tmp.resolve("search.jsonl")));
        log.set(5, "{\"index\": 5, garbage");
        Files.write(tmp.resolve("search.jsonl"), log);
        assertBadInput(CliRun.of(concat(search, "--resume")), "search.jsonl", "line 6", "cut the log after line 5");
    }

    @Test
    void cocoFilesAreReadAsStrictJson(@TempDir Path tmp) throws Exception {
        String good = "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1}], \"annotations\": []}";
        Path dt = Files.writeString(tmp.resolve("dt.json"), "[]");
        assertThat(CliRun.of("eval-coco", "--gt", Files.writeString(tmp.resolve("ok.json"), good).toString(), "--dt", dt.toString()).code)
                .isZero();
        List<String> lenient = List.of(
                good.replace('"', '\''),
                good.replace("\"images\"", "images"),
                good.replace("\"images\":", "\"images\"="),
                good.replace("], \"categories\"", "]; \"categories\""),
                good.replace("{\"images\"", "{/* comment */ \"images\""),
                good + " []");
        for (int i = 0; i < lenient.size(); i++) {
            Path gt = Files.writeString(tmp.resolve("gt" + i + ".json"), lenient.get(i));
            assertBadInput(CliRun.of("eval-coco", "--gt", gt.toString(), "--dt", dt.toString()), "gt" + i + ".json", "line 1 column");
        }
    }

    @Test
    void evalCocoRejectsWhatTrainRejectsAndNamesTheFile(@TempDir Path tmp) throws Exception {
        String gt = "{\"images\": [{\"id\": 1}, {\"id\": 2}], \"categories\": [{\"id\": 1}], \"annotations\": ["
                + "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"area\": 25}]}";
        Path dt = Files.writeString(tmp.resolve("dt.json"), "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"score\": 0.9}]");
        Path dup = Files.writeString(tmp.resolve("dup.json"), gt.replace("{\"id\": 2}", "{\"id\": 1}"));
        assertBadInput(CliRun.of("eval-coco", "--gt", dup.toString(), "--dt", dt.toString()), "dup.json", "images[1]",
                "appears twice", "reference COCO evaluator silently gives wrong results");
        Path cat = Files.writeString(tmp.resolve("cat.json"), gt.replace("\"category_id\": 1, \"bbox\"", "\"category_id\": 7, \"bbox\""));
        assertBadInput(CliRun.of("eval-coco", "--gt", cat.toString(), "--dt", dt.toString()), "cat.json", "annotations[0]",
                "category_id 7");
        Path ok = Files.writeString(tmp.resolve("gt.json"), gt);
        Path other = Files.writeString(tmp.resolve("dt42.json"), "[{\"image_id\": 42, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"score\": 1}]");
        assertBadInput(CliRun.of("eval-coco", "--gt", ok.toString(), "--dt", other.toString()), "dt42.json", "detection 0",
                "image_id 42", "gt.json");
        // 10^20 + 1 does not fit in 64 bits; 10000001.5 is not an id: neither is wrapped or truncated onto another id.
        Path big = Files.writeString(tmp.resolve("big.json"), "[{\"image_id\": 100000000000000000001, \"category_id\": 1,"
                + " \"bbox\": [0, 0, 5, 5], \"score\": 1}]");
        assertBadInput(CliRun.of("eval-coco", "--gt", ok.toString(), "--dt", big.toString()), "big.json", "'image_id'", "64 bits");
        Path frac = Files.writeString(tmp.resolve("frac.json"), "[{\"image_id\": 10000001.5, \"category_id\": 1,"
                + " \"bbox\": [0, 0, 5, 5], \"score\": 1}]");
        assertBadInput(CliRun.of("eval-coco", "--gt", ok.toString(), "--dt", frac.toString()), "frac.json", "'image_id'", "integer");
        Path wrongType = Files.writeString(tmp.resolve("type.json"), "[{\"image_id\": \"1\", \"category_id\": 1,"
                + " \"bbox\": [0, 0, 5, 5], \"score\": 1}]");
        assertBadInput(CliRun.of("eval-coco", "--gt", ok.toString(), "--dt", wrongType.toString()), "type.json", "'image_id'");
    }

    @Test
    void detectorSpecErrorsNameTheFileAndTheField(@TempDir Path tmp) throws Exception {
        String spec = "{\"head\": \"fcos\", \"backbone\": {\"type\": \"resnet\", \"depth\": 18, \"stem_width\": 8},"
                + " \"channels\": 16, \"input_size\": 64}";
        Object[][] cases = {
            {spec.replace("\"channels\": 16", "\"channels\": -32"), "'channels'"},
            {spec.replace("\"input_size\": 64", "\"input_size\": 0"), "'input_size'"},
            {spec.replace("\"channels\": 16", "\"channels\": \"wide\""), "'channels'"},
            {spec.replace("\"channels\": 16", "\"chanels\": 16"), "'chanels'"},
            {spec.replace("\"stem_width\": 8", "\"stem_width\": 8, \"width\": 3"), "'backbone.width'"},
            {spec.replace("\"stem_width\": 8", "\"stem_width\": -8"), "'backbone.stem_width'"},
            {spec.replace("\"depth\": 18", "\"depth\": 19"), "'backbone'"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path f = Files.writeString(tmp.resolve("spec" + i + ".json"), (String) cases[i][0]);
            assertBadInput(CliRun.of("train", "--arch", f.toString(), "--data", tmp.toString()), "spec" + i + ".json",
                    (String) cases[i][1]);
        }
    }

    @Test
    void aTruncatedImageStopsTrainingBeforeTheFirstStep(@TempDir Path tmp) throws Exception {
        assertThat(CliRun.of("shapes", "--out", tmp.resolve("data").toString(), "--images", "8", "--size", "64").code).isZero();
        Path image;
        try (var files = Files.list(tmp.resolve("data/val"))) {
            image = files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        byte[] png = Files.readAllBytes(image);
        Files.write(image, java.util.Arrays.copyOf(png, 60));
        Path arch = Files.writeString(tmp.resolve("arch.json"), "{\"head\": \"fcos\", \"backbone\": {\"type\": \"resnet\", \"depth\": 18,"
                + " \"stem_width\": 8}, \"channels\": 16, \"tower_depth\": 1, \"input_size\": 64}");
        CliRun r = CliRun.of("train", "--arch", arch.toString(), "--data", tmp.resolve("data").toString(), "--iterations", "2",
                "--batch", "2", "--out", tmp.resolve("run").toString());
        assertBadInput(r, "instances_val.json", image.getFileName().toString());
        assertThat(tmp.resolve("run/model")).doesNotExist();
        assertThat(tmp.resolve("run/checkpoints")).doesNotExist();
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void aValueTheBuilderRefusesIsNamedByItsFlagNotBySetter(@TempDir Path tmp) {
        // The library names its setters (optZeroShare: ...); the command line names the flag given.
        String dir = tmp.resolve("never-created").toString();
        CliRun fad = CliRun.of("search", "fad", "--preset", "cpu", "--final-image-size", "16", "--run-dir", dir);
        assertBadInput(fad, "error: --final-image-size: must be 32..8192, got 16");
        CliRun spnas = CliRun.of("search", "spnas", "--preset", "cpu", "--zero-share", "1", "--run-dir", dir);
        assertBadInput(spnas, "error: --zero-share: must be in [0, 1), got 1.0");
        CliRun head = CliRun.of("search", "spnas", "--preset", "cpu", "--head", "yolo", "--run-dir", dir);
        assertBadInput(head, "error: --head: ");
        CliRun pretrain = CliRun.of("search", "detnas", "--preset", "cpu", "--pretrain-size", "48", "--run-dir", dir);
        assertBadInput(pretrain, "error: --pretrain-size: ");
        CliRun finetune = CliRun.of("search", "detnas", "--preset", "cpu", "--finetune-size", "100", "--run-dir", dir);
        assertBadInput(finetune, "error: --finetune-size: ");
        CliRun finalLr = CliRun.of("search", "fad", "--preset", "cpu", "--final-lr", "1e39", "--run-dir", dir);
        assertBadInput(finalLr, "--final-lr");
        CliRun staging = CliRun.of("search", "maedet", "--preset", "cpu", "--spark-master", "local[1]", "--spark-staging", " ",
                "--run-dir", dir);
        assertBadInput(staging, "error: --spark-staging: ");
        CliRun stages = CliRun.of("search", "spnas", "--preset", "cpu", "--seed-arch", "b_1-1-1-1-1-1_0-0-0-0-0-0", "--max-stages", "5",
                "--run-dir", dir);
        assertBadInput(stages, "error: --max-stages: 5 is fewer than the 6 stages");
        assertBadInput(CliRun.of("search", "spnas", "--preset", "cpu", "--input-size", "20", "--run-dir", dir),
                "error: --input-size: must be 32..8192, got 20");
        assertBadInput(CliRun.of("search", "spnas", "--preset", "cpu", "--seed-arch", "bogus", "--run-dir", dir), "error: --seed-arch bogus: ");
        assertBadInput(CliRun.of("search", "spnas", "--preset", "cpu", "--seed-arch", "11-21-21-21", "--block", "foo", "--run-dir", dir),
                "error: --block foo: ");
        assertBadInput(CliRun.of("search", "detnas", "--preset", "cpu", "--finetune-size", "8224", "--run-dir", dir),
                "error: --finetune-size: must be a multiple of 32 from 32 to 8192, got 8224");
        assertBadInput(CliRun.of("search", "fad", "--preset", "cpu", "--image-size", "100000", "--run-dir", dir),
                "error: --image-size: must be 32..8192, got 100000");
        assertBadInput(CliRun.of("search", "detnas", "--preset", "cpu", "--population", "4", "--mutants", "3", "--crossovers", "3",
                "--run-dir", dir), "error: --mutants: mutants + crossovers (6) exceed the population (4)");
        assertThat(tmp.resolve("never-created")).doesNotExist();
    }

    @Test
    void setterFlagsRenameOnlyALeadingSetter() {
        SetterFlags f = SetterFlags.of("optWidth", "--width", "optHead", "--head");
        assertThat(f.rename("optWidth: must be >= 1, got -8")).isEqualTo("--width: must be >= 1, got -8");
        assertThat(f.rename("optHead (--head): head must be one of [fcos], got 'yolo'")).isEqualTo("--head: head must be one of [fcos], got 'yolo'");
        assertThat(f.rename("data.json: optWidth: not a setter at the start")).isEqualTo("data.json: optWidth: not a setter at the start");
        assertThat(f.rename("optWidthX: another setter")).isEqualTo("optWidthX: another setter");
        // only a builder's own check is renamed: a subclass keeps its type (the CLI's exit code), and no message is no message
        org.nas4det.core.io.MalformedFileException file = new org.nas4det.core.io.MalformedFileException(Path.of("optWidth"), null, "bad");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.apply(() -> {
            throw file;
        })).isSameAs(file);
        IllegalArgumentException bare = new IllegalArgumentException();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.apply(() -> {
            throw bare;
        })).isSameAs(bare);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.apply(() -> {
            throw new IllegalArgumentException("optWidth: must be >= 1, got 0");
        })).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("--width: must be >= 1, got 0");
    }

    private static String withoutSeconds(String logLine) {
        return logLine.replaceAll("\"seconds\":[0-9.eE-]+", "");
    }
}
