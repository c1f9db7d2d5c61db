package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;

class DetNasSpaceTest {

    static final Shape IN = new Shape(1, 3, 224, 224);
    static final DetNasArch ALL_3X3 = new DetNasArch(new int[20]);

    @Test
    void allShuffle3x3SmallBackboneMatchesSection5() {
        Cost bb = CostModel.count(DetNasSpace.small().build(ALL_3X3), IN);
        assertThat(bb.params()).isEqualTo(1_472_960L);
        assertThat(bb.params() - bb.paramsBn()).isEqualTo(1_452_576L);
        assertThat(bb.convMacs()).isEqualTo(261_702_336L);
        Cost cls = CostModel.count(DetNasSpace.small().classifier(ALL_3X3, 1000), IN);
        assertThat(cls.params()).isEqualTo(3_155_368L);
        assertThat(cls.convMacs()).isEqualTo(294_838_976L);
        // "+last" = classifier without the FC (1,025,000 params, 1,024,000 MACs).
        assertThat(cls.params() - 1_025_000L).isEqualTo(2_130_368L);
        assertThat(cls.convMacs() - 1_024_000L).isEqualTo(293_814_976L);
    }

    @ParameterizedTest(name = "{0} {1}->{2} s{3} @{4}")
    @CsvSource({
        "0, 16, 64, 2, 112, 2768, 12594176", "1, 16, 64, 2, 112, 3536, 15002624",
        "2, 16, 64, 2, 112, 4688, 18615296", "3, 16, 64, 2, 112, 4384, 12343296",
        "0, 64, 160, 2, 56, 18704, 26104064", "1, 64, 160, 2, 56, 21008, 27910400",
        "2, 64, 160, 2, 56, 24464, 30619904", "3, 64, 160, 2, 56, 26848, 20095488",
        "0, 160, 320, 2, 28, 81280, 30670080", "1, 160, 320, 2, 28, 86400, 31673600",
        "2, 160, 320, 2, 28, 94080, 33178880", "3, 160, 320, 2, 28, 110720, 21199360",
        "0, 320, 640, 2, 14, 316160, 30387840", "1, 320, 640, 2, 14, 326400, 30889600",
        "2, 320, 640, 2, 14, 341760, 31642240", "3, 320, 640, 2, 14, 426240, 20634880",
        "0, 64, 64, 1, 56, 2528, 7325696", "1, 64, 64, 1, 56, 3040, 8931328",
        "2, 64, 64, 1, 56, 3808, 11339776", "3, 64, 64, 1, 56, 4320, 12343296",
        "0, 160, 160, 1, 28, 14000, 10599680", "1, 160, 160, 1, 28, 15280, 11603200",
        "2, 160, 160, 1, 28, 17200, 13108480", "3, 160, 160, 1, 28, 22320, 16746240",
        "0, 320, 320, 1, 14, 53600, 10317440", "1, 320, 320, 1, 14, 56160, 10819200",
        "2, 320, 320, 1, 14, 60000, 11571840", "3, 320, 320, 1, 14, 83040, 15899520",
        "0, 640, 640, 1, 7, 209600, 10176320", "1, 640, 640, 1, 7, 214720, 10427200",
        "2, 640, 640, 1, 7, 222400, 10803520", "3, 640, 640, 1, 7, 319680, 15476160"
    })
    void perBlockParamsAndMacsMatchSection5(int choice, int in, int out, int stride, int size, long params, long macs) {
        ShuffleBlock b = new ShuffleBlock(Choice.values()[choice], in, out, stride, BlockConvention.MMRAZOR);
        Cost c = CostModel.count(b, new Shape(1, in, size, size));
        assertThat(c.params()).isEqualTo(params);
        assertThat(c.convMacs()).isEqualTo(macs);
    }

    @ParameterizedTest(name = "official {0} {1}->{2}")
    @CsvSource({
        "0, 16, 64, 112, 3024, 13396992", "1, 16, 64, 112, 3792, 15805440",
        "2, 16, 64, 112, 4944, 19418112", "3, 16, 64, 112, 4640, 13146112",
        "0, 64, 160, 56, 18960, 26304768", "1, 64, 160, 56, 21264, 28111104",
        "2, 64, 160, 56, 24720, 30820608", "3, 64, 160, 56, 27104, 20296192"
    })
    void officialConventionDiffersOnlyWhereTheWidthMoreThanDoubles(int choice, int in, int out, int size, long params, long macs) {
        ShuffleBlock b = new ShuffleBlock(Choice.values()[choice], in, out, 2, BlockConvention.OFFICIAL);
        Cost c = CostModel.count(b, new Shape(1, in, size, size));
        assertThat(c.params()).isEqualTo(params);
        assertThat(c.convMacs()).isEqualTo(macs);
    }

    @Test
    void detectionBackboneRunsAndReturnsC2ToC5() {
        DetNasArch arch = DetNasArch.parse("[1,0,0,0, 3,0,3,2, 2,2,3,3,0,2,1,3, 2,2,2,1]");
        DetNasBackbone b = (DetNasBackbone) DetNasSpace.small().build(arch);
        assertThat(b.outputChannels()).containsExactly(64, 160, 320, 640);
        assertThat(b.outputStrides()).containsExactly(4, 8, 16, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 64, 64);
            b.initialize(m, DataType.FLOAT32, in);
            NDList out = b.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 64, 16, 16));
            assertThat(out.get(3).getShape()).isEqualTo(new Shape(2, 640, 2, 2));
        }
    }

    @Test
    void formatsRoundTripAndBadInputNamesTheLine(@TempDir Path tmp) throws Exception {
        DetNasArch mmrazor = DetNasArch.parse("[1,0,0,0, 3,0,3,2, 2,2,3,3,0,2,1,3, 2,2,2,1]");
        assertThat(DetNasSpace.small().decode(mmrazor.encode())).isEqualTo(mmrazor);
        Path yaml = tmp.resolve("subnet.yaml");
        mmrazor.writeYaml(yaml, DetNasSpace.small().depths());
        assertThat(Files.readString(yaml)).startsWith("backbone.layers.0.0:\n  chosen: shuffle_5x5\n");
        assertThat(DetNasArch.readYaml(yaml, DetNasSpace.small().depths())).isEqualTo(mmrazor);

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "backbone.layers.0.0:\n  chosen: shuffle_9x9\n");
        assertThatThrownBy(() -> DetNasArch.readYaml(bad, DetNasSpace.small().depths()))
                .hasMessageContaining("bad.yaml line 2").hasMessageContaining("shuffle_9x9");
        Files.writeString(bad, "backbone.layers.4.0:\n  chosen: shuffle_3x3\n");
        assertThatThrownBy(() -> DetNasArch.readYaml(bad, DetNasSpace.small().depths())).hasMessageContaining("line 1");
        Files.writeString(bad, "backbone.layers.0.0:\n  picked: shuffle_3x3\n");
        assertThatThrownBy(() -> DetNasArch.readYaml(bad, DetNasSpace.small().depths())).hasMessageContaining("line 2");
        assertThatThrownBy(() -> DetNasArch.parse("[0,1,4]")).hasMessageContaining("block 2");
        assertThatThrownBy(() -> DetNasSpace.small().decode("[0,1,2]")).hasMessageContaining("has 20");
    }
}
