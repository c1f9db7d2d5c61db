package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ProfileCommandTest {

    @Test
    void profileResnet50PrintsTheContractFieldsWithReferenceValues() {
        CliRun r = CliRun.of("profile", "--space", "resnet", "--arch", "50", "--json");
        assertThat(r.code).isZero();
        JsonObject o = JsonParser.parseString(r.out.trim()).getAsJsonObject();
        for (String field :
                new String[] {
                    "params", "params_bn", "conv_macs", "bn_elements", "act_elements",
                    "pool_in_elements", "pool_out_elements", "conv_layers", "input"
                }) {
            assertThat(o.has(field)).as(field).isTrue();
        }
        assertThat(o.get("params").getAsLong()).isEqualTo(23_508_032L);
        assertThat(o.get("params_bn").getAsLong()).isEqualTo(53_120L);
        assertThat(o.get("conv_macs").getAsLong()).isEqualTo(4_087_136_256L);
        assertThat(o.get("bn_elements").getAsLong()).isEqualTo(11_113_984L);
        assertThat(o.get("input").toString()).isEqualTo("[3,224,224]");
    }

    @Test
    void inputAndClassifierModeAreHonoured() {
        CliRun big = CliRun.of("profile", "--space", "resnet", "--arch", "50", "--input", "3x800x1280", "--json");
        assertThat(JsonParser.parseString(big.out).getAsJsonObject().get("conv_macs").getAsLong())
                .isEqualTo(83_410_944_000L);
        CliRun cls = CliRun.of("profile", "--space", "resnet", "--arch", "50", "--mode", "classifier", "--json");
        // torchvision resnet50: 25,557,032 parameters.
        assertThat(JsonParser.parseString(cls.out).getAsJsonObject().get("params").getAsLong())
                .isEqualTo(25_557_032L);
    }

    @Test
    void badInputExitsTwoWithOneLineAndNothingOnStdout() {
        CliRun r = CliRun.of("profile", "--space", "resnet", "--arch", "19", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.trim()).contains("18|34|50|101").doesNotContain("\n").doesNotContain("Exception");
        CliRun badShape = CliRun.of("profile", "--space", "resnet", "--arch", "18", "--input", "3x224");
        assertThat(badShape.code).isEqualTo(2);
        assertThat(badShape.err).contains("CxHxW");
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.of("--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("profile");
        assertThat(CliRun.of("profile", "--help").out).contains("--space").contains("--arch");
    }

    @Test
    void profileDetNasGivesSection5Numbers() {
        String all3x3 = "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]";
        CliRun bb = CliRun.of("profile", "--space", "detnas", "--arch", all3x3, "--json");
        assertThat(bb.code).as(bb.err).isZero();
        JsonObject o = JsonParser.parseString(bb.out).getAsJsonObject();
        assertThat(o.get("params").getAsLong()).isEqualTo(1_472_960L);
        assertThat(o.get("conv_macs").getAsLong()).isEqualTo(261_702_336L);
        CliRun cls = CliRun.of("profile", "--space", "detnas", "--arch", all3x3, "--mode", "classifier", "--json");
        assertThat(JsonParser.parseString(cls.out).getAsJsonObject().get("params").getAsLong()).isEqualTo(3_155_368L);
        CliRun bad = CliRun.of("profile", "--space", "detnas", "--arch", "[0,1]", "--json");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains("20");
    }
}
