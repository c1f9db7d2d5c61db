package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** {@code profile --space spnas} numbers (design/spnas.md section 5) and the bad-input contract of SP-NAS commands. */
class SpNasCommandsTest {

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
    }
}
