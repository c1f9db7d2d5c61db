package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;

class DetNasFormatsTest {

    static final DetNasSpace SMALL = DetNasSpace.small();
    static final DetNasArch MMRAZOR = DetNasArch.parse("[1,0,0,0, 3,0,3,2, 2,2,3,3,0,2,1,3, 2,2,2,1]");

    @Test
    @SuppressWarnings("deprecation") // the old setter names, kept as aliases
    void theSpaceBuildersOldSetterNamesSetWhatTheOptNamesSet() {
        DetNasSpace old = DetNasSpace.builder().stem(8).widths(16, 32, 64, 128).depths(1, 2, 1, 1)
                .convention(BlockConvention.OFFICIAL).levels(3, 4, 5).build();
        DetNasSpace now = DetNasSpace.builder().optStem(8).optWidths(16, 32, 64, 128).optDepths(1, 2, 1, 1)
                .optConvention(BlockConvention.OFFICIAL).optLevels(3, 4, 5).build();
        assertThat(old).isEqualTo(now).isNotEqualTo(DetNasSpace.small());
    }

    @Test
    void ourJsonRoundTripsAndNamesChoicesPerStage(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("subnet.json");
        MMRAZOR.writeJson(f, SMALL);
        JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        assertThat(o.get("format").getAsString()).isEqualTo("nas4det-detnas-subnet");
        assertThat(o.getAsJsonArray("blocks").get(1).getAsJsonArray().get(0).getAsString()).isEqualTo("shuffle_xception");
        assertThat(DetNasArch.read(f.toString(), SMALL)).isEqualTo(MMRAZOR);
        // Names alone are enough.
        o.remove("choices");
        Files.writeString(f, o.toString());
        assertThat(DetNasArch.read(f.toString(), SMALL)).isEqualTo(MMRAZOR);
        // The space round-trips too, the official convention included.
        DetNasSpace official = DetNasSpace.builder().optConvention(BlockConvention.OFFICIAL).optLevels(3, 4, 5).build();
        assertThat(DetNasSpace.fromJson(official.toJson(), "test")).isEqualTo(official);
        assertThat(DetNasSpace.fromJson(DetNasSpace.large().toJson(), "test")).isEqualTo(DetNasSpace.large());
    }

    @Test
    void readTellsTheFormatsApartAndSubnetBuildsFromAnyOfThem(@TempDir Path tmp) throws Exception {
        Path yaml = tmp.resolve("fix_subnet.yaml");
        MMRAZOR.writeYaml(yaml, SMALL.depths());
        Path json = tmp.resolve("subnet.json");
        MMRAZOR.writeJson(json, SMALL);
        Path ints = tmp.resolve("subnet.txt");
        Files.writeString(ints, "  [1,0,0,0, 3,0,3,2, 2,2,3,3,0,2,1,3, 2,2,2,1]\n");
        Cost expected = CostModel.count(SMALL.build(MMRAZOR), new Shape(1, 3, 224, 224));
        for (String source : new String[] {MMRAZOR.encode(), yaml.toString(), json.toString(), ints.toString()}) {
            assertThat(DetNasArch.read(source, SMALL)).as(source).isEqualTo(MMRAZOR);
            assertThat(CostModel.count(DetNas.standalone(SMALL, source), new Shape(1, 3, 224, 224))).as(source).isEqualTo(expected);
        }
    }

    @Test
    void badJsonNamesTheFileAndField(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("bad.json");
        String good = MMRAZOR.toJson(SMALL).toString();
        Files.writeString(f, good.replace("\"choices\"", "\"choice\""));
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("unknown field 'choice'");
        Files.writeString(f, good.replace("shuffle_7x7", "shuffle_9x9"));
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).hasMessageContaining("unknown choice 'shuffle_9x9'")
                .hasMessageContaining("stage 1 block 3");
        Files.writeString(f, good.replace("[1,0,0,0,3", "[2,0,0,0,3"));
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).hasMessageContaining("disagree");
        Files.writeString(f, good.replace("\"stem\":16", "\"stem\":48"));
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).hasMessageContaining("field 'space'")
                .hasMessageContaining("is not the space in use");
        Files.writeString(f, good.replace("nas4det-detnas-subnet", "something-else"));
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).hasMessageContaining("field 'format'");
        Files.writeString(f, "{\"choices\": [0, 1,");
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).hasMessageContaining("not valid JSON");
        Files.writeString(f, "{\"choices\": [0, 1, 2]}");
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).hasMessageContaining("bad.json")
                .hasMessageContaining("has 20");
        Files.writeString(f, "{\"choices\": [0, 1, 7]}");
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), SMALL)).hasMessageContaining("block 2: choice 7");
        assertThatThrownBy(() -> DetNasArch.read(tmp.resolve("missing.yaml").toString(), SMALL))
                .hasMessageContaining("missing.yaml: file does not exist");
        assertThatThrownBy(() -> DetNasSpace.fromJson(JsonParser.parseString("{\"depth\": [1]}").getAsJsonObject(), "x.json"))
                .hasMessageContaining("x.json: unknown space field 'depth'");
        assertThatThrownBy(() -> DetNasSpace.builder().optLevels(4, 3).build()).hasMessageContaining("ascending");
    }
}
