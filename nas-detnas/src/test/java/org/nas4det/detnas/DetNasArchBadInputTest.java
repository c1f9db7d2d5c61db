package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.io.NotUtf8Exception;

/** Subnet and space files with wrong types, bad numbers or bad bytes name the file and the field. */
class DetNasArchBadInputTest {

    private static final String TWENTY = "[0,1,2,3, 0,1,2,3, 0,1,2,3,0,1,2,3, 0,1,2,3]";

    private static void assertRejected(Path tmp, String json, String... mentions) throws Exception {
        Path f = Files.writeString(tmp.resolve("subnet.json"), json);
        var check = assertThatThrownBy(() -> DetNasArch.read(f.toString(), DetNasSpace.small())).as(json)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subnet.json")
                .hasMessageNotContaining("For input string");
        for (String m : mentions) {
            check.hasMessageContaining(m);
        }
    }

    @Test
    void wrongTypesAndBadNumbersNameTheField(@TempDir Path tmp) throws Exception {
        assertRejected(tmp, "{\"version\": \"abc\", \"choices\": " + TWENTY + "}", "'version'");
        assertRejected(tmp, "{\"version\": {\"a\": 1}, \"choices\": " + TWENTY + "}", "'version'");
        assertRejected(tmp, "{\"format\": 5, \"choices\": " + TWENTY + "}", "'format'");
        assertRejected(tmp, "{\"choices\": {\"a\": 1}}", "'choices'");
        assertRejected(tmp, "{\"choices\": [0.5, 1]}", "'choices' entry 0");
        assertRejected(tmp, "{\"blocks\": [[{}, 1, 2, 3], [], [], []]}", "'blocks'");
        assertRejected(tmp, "{\"space\": {\"stem\": \"abc\"}, \"choices\": " + TWENTY + "}", "'space'", "\"abc\" is not an integer");
        assertRejected(tmp, "{'choices': " + TWENTY + "}", "not valid JSON");
        Path ok = Files.writeString(tmp.resolve("ok.json"), "{\"version\": 1, \"choices\": " + TWENTY + "}");
        assertThat(DetNasArch.read(ok.toString(), DetNasSpace.small()).choices()).hasSize(20);
    }

    @Test
    void nonUtf8FilesAreSaidToBeSo(@TempDir Path tmp) throws Exception {
        Path f = Files.write(tmp.resolve("subnet.yaml"), new byte[] {'b', (byte) 0xc3, '(', '\n'});
        assertThatThrownBy(() -> DetNasArch.read(f.toString(), DetNasSpace.small())).isInstanceOf(NotUtf8Exception.class)
                .hasMessageContaining("subnet.yaml").hasMessageContaining("offset 1");
        Path space = Files.write(tmp.resolve("space.json"), new byte[] {'{', (byte) 0xff, '}'});
        assertThatThrownBy(() -> DetNasSpace.named(space.toString())).isInstanceOf(NotUtf8Exception.class)
                .hasMessageContaining("space.json");
    }

    @Test
    void yamlWithABlockTwiceOrAnUnpairedBracketIsRefused(@TempDir Path tmp) throws Exception {
        int[] depths = {1, 1};
        Path ok = Files.writeString(tmp.resolve("ok.yaml"),
                "backbone.layers.0.0:\n  chosen: [shuffle_3x3]\nbackbone.layers.1.0:\n  chosen: 'shuffle_7x7'\n");
        assertThat(DetNasArch.readYaml(ok, depths).choices()).containsExactly(0, 2);
        Path twice = Files.writeString(tmp.resolve("twice.yaml"), "backbone.layers.0.0:\n  chosen: shuffle_3x3\n"
                + "backbone.layers.1.0:\n  chosen: shuffle_5x5\nbackbone.layers.0.0:\n  chosen: shuffle_7x7\n");
        assertThatThrownBy(() -> DetNasArch.readYaml(twice, depths)).hasMessageContaining("twice.yaml")
                .hasMessageContaining("layers.0.0 is listed twice");
        for (String bad : new String[] {"[shuffle_3x3", "shuffle_3x3]", "'shuffle_3x3", "['shuffle_3x3\"]"}) {
            Path f = Files.writeString(tmp.resolve("bad.yaml"), "backbone.layers.0.0:\n  chosen: " + bad + "\n"
                    + "backbone.layers.1.0:\n  chosen: shuffle_5x5\n");
            assertThatThrownBy(() -> DetNasArch.readYaml(f, depths)).as(bad).hasMessageContaining("bad.yaml")
                    .hasMessageContaining("expected");
        }
    }
}
