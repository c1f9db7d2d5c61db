package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;

class SpNasCodeTest {

    @Test
    void parsesThePaperReading() {
        SerialCode c = SerialCode.parse("111-2111-211111-211");
        assertThat(c.stages()).isEqualTo(4);
        assertThat(c.blocks()).isEqualTo(16);
        assertThat(c.stage(2)).isEqualTo("211111");
        assertThat(c.toString()).isEqualTo("111-2111-211111-211");
    }

    @Test
    void badCodesPointAtTheCharacter() {
        assertThatThrownBy(() -> SerialCode.parse("111-2131-211111-211"))
                .isInstanceOf(CodeFormatException.class)
                .hasMessageContaining("character 7")
                .satisfies(e -> assertThat(((CodeFormatException) e).position()).isEqualTo(6));
        assertThatThrownBy(() -> SerialCode.parse("111--2111-211111-211"))
                .satisfies(e -> assertThat(((CodeFormatException) e).position()).isEqualTo(4));
        assertThatThrownBy(() -> SerialCode.parse("111-2111-211111-"))
                .satisfies(e -> assertThat(((CodeFormatException) e).position()).isEqualTo(16))
                .hasMessageContaining("ends with '-'");
        assertThatThrownBy(() -> SerialCode.parse("11-21-21"))
                .hasMessageContaining("at least 4 stages");
        assertThatThrownBy(() -> SerialCode.parse("1-1-1-1-1-1-1"))
                .hasMessageContaining("at most 6 stages");
        assertThatThrownBy(() -> SerialCode.parse(""))
                .isInstanceOf(CodeFormatException.class);
    }

    @Test
    void archStringsRoundTrip() {
        SpNasArch a = SpNasArch.parse("r_111-2111-211111-211_0-0-1-0");
        assertThat(a.block()).isEqualTo(BlockType.BOTTLENECK);
        assertThat(a.parallel()).containsExactly(0, 0, 1, 0);
        assertThat(a.encode()).isEqualTo("r_111-2111-211111-211_0-0-1-0");
        assertThat(SpNasArch.parse("b_11-21-21-21").encode()).isEqualTo("b_11-21-21-21_0-0-0-0");
        SpNasArch x = SpNasArch.parse("x(32x4d)_111-2111-211111-211_0-0-0-0");
        assertThat(x.block()).isEqualTo(BlockType.resnext(32, 4));
        assertThat(SpNasArch.parse(x.encode())).isEqualTo(x);
        assertThat(SpNasArch.parseCodeOrArch("11-21-21-21", BlockType.BASIC).encode()).isEqualTo("b_11-21-21-21_0-0-0-0");
    }

    @Test
    void archsAreEqualExactlyWhenTheirTextsAre() {
        java.util.Random rng = new java.util.Random(3);
        java.util.List<SpNasArch> archs = new java.util.ArrayList<>();
        String[] blocks = {"r", "b", "x(32x4d)", "x(64x4d)"};
        for (int i = 0; i < 300; i++) {
            int stages = 4 + rng.nextInt(2);
            StringBuilder serial = new StringBuilder();
            StringBuilder parallel = new StringBuilder();
            for (int st = 0; st < stages; st++) {
                serial.append(st == 0 ? "" : "-").append(rng.nextBoolean() ? "1" : "2").append(rng.nextBoolean() ? "1" : "");
                parallel.append(st == 0 ? "" : "-").append(rng.nextInt(2));
            }
            archs.add(SpNasArch.parse(blocks[rng.nextInt(blocks.length)] + "_" + serial + "_" + parallel));
        }
        for (SpNasArch a : archs) {
            SpNasArch again = SpNasArch.parse(a.encode());
            assertThat(again).isEqualTo(a).hasSameHashCodeAs(a);
            for (SpNasArch b : archs) {
                assertThat(a.equals(b)).as("%s vs %s", a, b).isEqualTo(a.encode().equals(b.encode()));
            }
        }
    }

    @Test
    void badArchStringsPointAtTheCharacter() {
        assertThatThrownBy(() -> SpNasArch.parse("r_111-2111-211111-211_0-0-4-0"))
                .satisfies(e -> assertThat(((CodeFormatException) e).position()).isEqualTo(26))
                .hasMessageContaining("at most 3");
        assertThatThrownBy(() -> SpNasArch.parse("r_111-2111-211111-211_0-0-0"))
                .hasMessageContaining("3 entries");
        assertThatThrownBy(() -> SpNasArch.parse("q_111-2111-211111-211_0-0-0-0"))
                .hasMessageContaining("unknown block prefix");
        assertThatThrownBy(() -> SpNasArch.parse("r_111-2a11-211111-211_0-0-0-0"))
                .satisfies(e -> assertThat(((CodeFormatException) e).position()).isEqualTo(7));
        assertThatThrownBy(() -> BlockType.parse("resnet")).hasMessageContaining("resnext32x4d");
    }

    /** Section 5: backbone only, BN affine included, numbers of the torchvision bodies. */
    @Test
    void section5ParameterCounts() {
        Cost r50 = CostModel.count(SerialBackbone.builder(SpNasArch.parse("r_111-2111-211111-211_0-0-0-0")).build(), new Shape(1, 3, 224, 224));
        assertThat(r50.params()).isEqualTo(23_508_032L);
        assertThat(r50.params() - r50.paramsBn()).isEqualTo(23_454_912L);
        Cost r18 = CostModel.count(SerialBackbone.builder(SpNasArch.parse("b_11-21-21-21_0-0-0-0")).build(), new Shape(1, 3, 224, 224));
        assertThat(r18.params()).isEqualTo(11_176_512L);
        assertThat(r18.params() - r18.paramsBn()).isEqualTo(11_166_912L);
        assertThat(r50.convMacs() / 1e9).isCloseTo(4.087, org.assertj.core.data.Offset.offset(0.001));
        assertThat(r18.convMacs() / 1e9).isCloseTo(1.814, org.assertj.core.data.Offset.offset(0.001));
        // torchvision resnext50_32x4d (25,028,904) without fc (2048 * 1000 + 1000).
        Cost x50 = CostModel.count(SerialBackbone.builder(SpNasArch.parse("x(32x4d)_111-2111-211111-211_0-0-0-0")).build(),
                new Shape(1, 3, 224, 224));
        assertThat(x50.params()).isEqualTo(25_028_904L - 2_049_000L);
    }

    @Test
    void stageChannelsFollowTheTwos() {
        SerialBackbone b = SerialBackbone.builder(SpNasArch.parse("r_111-2111-211111-211-1_0-0-0-0-0")).build();
        assertThat(b.stageChannels()).containsExactly(256, 512, 1024, 2048, 2048);
        assertThat(b.outputStrides()).containsExactly(8, 16, 32, 64);
        SerialBackbone c = SerialBackbone.builder(SpNasArch.parse("b_112-1-2-21_0-0-0-0")).optWidth(8).build();
        assertThat(c.stageChannels()).containsExactly(16, 16, 32, 64);
    }
}
