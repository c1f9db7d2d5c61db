package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nas profile --space fad} and {@code nas search fad}'s bad-input contract. */
class FadCommandsTest {

    static final String BOX = "Genotype(normal=[[('sinSep_conv_3x3_x3', 0), ('std_conv_3x3_x3', 1)], [('std_conv_3x3', 2), "
            + "('sinSep_conv_3x3+dil_conv_3x3', 1)], [('sinSep_conv_3x3_x2', 2), ('std_conv_3x3_x2', 3)]], normal_concat=range(2, 5))";
    static final String CLS = "Genotype(normal=[[('sinSep_conv_3x3_x2+dil_conv_3x3', 1), ('std_conv_3x3_x3', 0)], "
            + "[('sinSep_conv_3x3_x2+dil_conv_3x3', 0), ('sinSep_conv_3x3', 2)], [('sinSep_conv_3x3_x2', 2), ('std_conv_3x3', 3)]], "
            + "normal_concat=range(2, 5))";

    static JsonObject json(CliRun r) {
        assertThat(r.code).as(r.err).isZero();
        return JsonParser.parseString(r.out.trim()).getAsJsonObject();
    }

    @Test
    void fcosBaselineHead() {
        JsonObject o = json(CliRun.of("profile", "--space", "fad", "--arch", "fcos", "--json"));
        assertThat(o.get("params").getAsLong()).isEqualTo(4_920_666L);
        // Spec §5: 4.91 M MACs per location; 110.1 GMACs over P3-P7 of an 800x1344 input (22,400 locations).
        long perLocation = 8L * 9 * 256 * 256 + 9L * 256 * 85;
        assertThat(perLocation / 1e4).isCloseTo(491, org.assertj.core.data.Offset.offset(0.5));
        assertThat(o.get("conv_macs").getAsLong()).isEqualTo(perLocation);
        JsonObject big = json(CliRun.of("profile", "--space", "fad", "--arch", "fcos", "--input", "3x800x1344", "--json"));
        assertThat(big.get("conv_macs").getAsLong()).isEqualTo(22_400L * perLocation);
    }

    @Test
    void searchHeadAndGenotypeFile(@TempDir Path tmp) throws Exception {
        JsonObject s = json(CliRun.of("profile", "--space", "fad", "--arch", "search", "--json"));
        assertThat(s.get("alphas").getAsLong()).isEqualTo(198);
        // 2 subnets x (9 edges x 408,672 + reduce 768x256+256) + predictors and scales 195,930.
        assertThat(s.get("params").getAsLong()).isEqualTo(2 * (9 * 408_672L + 768L * 256 + 256) + 195_930L);
        Path g = tmp.resolve("g.txt");
        Files.writeString(g, BOX + "\n" + CLS + "\n");
        JsonObject d = json(CliRun.of("profile", "--space", "fad", "--arch", g.toString(), "--channels", "96", "--cells", "2", "--json"));
        assertThat(d.get("params").getAsLong()).isEqualTo(d.get("box_subnet").getAsLong() + d.get("cls_subnet").getAsLong() + 195_930L);
        JsonObject one = json(CliRun.of("profile", "--space", "fad", "--arch", g.toString(), "--cells", "1", "--classes", "20", "--json"));
        // Box subnet, 1 cell: 6 edges x 49,504 + bodies + reduce.
        long bodies = 31_104 + 249_696 + 83_232 + 20_832 + 20_736 + 166_464;
        assertThat(one.get("box_subnet").getAsLong()).isEqualTo(6 * 49_504L + bodies + 768L * 256 + 256);
    }

    @Test
    void badGenotypeAndOptionsExitWith2(@TempDir Path tmp) throws Exception {
        Path g = tmp.resolve("g.txt");
        Files.writeString(g, BOX + "\n" + CLS.replace("'std_conv_3x3', 3", "'std_conv_7x7', 3") + "\n");
        CliRun r = CliRun.of("profile", "--space", "fad", "--arch", g.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains(g.toString()).contains("line 2").contains("'std_conv_7x7'");
        assertThat(r.err.lines().count()).isEqualTo(1);
        CliRun missing = CliRun.of("profile", "--space", "fad", "--arch", tmp.resolve("nope.txt").toString());
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).contains("nope.txt");
        CliRun width = CliRun.of("search", "fad", "--preset", "cpu", "--channels", "40", "--run-dir", tmp.resolve("r").toString());
        assertThat(width.code).isEqualTo(2);
        assertThat(width.err).contains("--channels");
        CliRun iterations = CliRun.of("search", "fad", "--preset", "cpu", "--iterations", "-3", "--run-dir", tmp.resolve("r").toString());
        assertThat(iterations.code).isEqualTo(2);
        assertThat(iterations.err).startsWith("error: ").contains("--iterations").contains("-3");
        // A bad backbone is named before any data is made or read.
        CliRun backbone = CliRun.of("search", "fad", "--preset", "cpu", "--backbone", "{\"type\": \"resnet\", \"depth\": 19}",
                "--run-dir", tmp.resolve("rb").toString());
        assertThat(backbone.code).isEqualTo(2);
        assertThat(backbone.err).contains("--backbone").contains("19");
        assertThat(tmp.resolve("rb/data")).doesNotExist();
        CliRun nodes = CliRun.of("search", "fad", "--preset", "cpu", "--nodes", "50", "--run-dir", tmp.resolve("r").toString());
        assertThat(nodes.code).isEqualTo(2);
        assertThat(nodes.err).contains("--nodes").contains("1..8").contains("50");
        CliRun preset = CliRun.of("search", "fad", "--preset", "gpu", "--run-dir", tmp.resolve("r").toString());
        assertThat(preset.code).isEqualTo(2);
        assertThat(preset.err).contains("--preset");
        CliRun data = CliRun.of("search", "fad", "--preset", "cpu", "--data", tmp.resolve("none").toString(), "--run-dir",
                tmp.resolve("r").toString());
        assertThat(data.code).isEqualTo(2);
        assertThat(data.err).contains("--data");
        Files.createDirectories(tmp.resolve("empty"));
        CliRun coco = CliRun.of("search", "fad", "--preset", "cpu", "--data", tmp.resolve("empty").toString(), "--run-dir",
                tmp.resolve("r2").toString());
        assertThat(coco.code).isEqualTo(2);
        assertThat(coco.err).contains("instances_train.json");
    }
}
