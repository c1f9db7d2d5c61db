package org.nas4det.maedet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.io.NotUtf8Exception;

/** Hostile or mistaken structure files fail fast, by name, with the file and the position. */
class StructureBadInputTest {

    private static final String TWO = "[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 8, 's': 2, 'k': 3},"
            + " {'class': 'SuperResK1KXK1', 'in': 8, 'out': 16, 's': 2, 'k': 3, 'L': 1, 'btn': 8}]";

    @Test
    void nestingIsBoundedWithLineAndColumn(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("deep.txt"), "# comment\n" + "[".repeat(100_000));
        assertThatThrownBy(() -> MaeDetStructure.read(f)).isInstanceOf(StructureFormatException.class)
                .hasMessageContaining("deep.txt: line 2 column " + (PyLiteral.MAX_DEPTH + 1))
                .hasMessageContaining("nested deeper than " + PyLiteral.MAX_DEPTH);
        // Exactly the limit still parses.
        String ok = "[".repeat(PyLiteral.MAX_DEPTH) + "]".repeat(PyLiteral.MAX_DEPTH);
        assertThat(PyLiteral.parse(ok)).isInstanceOf(java.util.List.class);
        assertThatThrownBy(() -> PyLiteral.parse("{'a': " + "(".repeat(PyLiteral.MAX_DEPTH) + "}"))
                .hasMessageContaining("nested deeper");
    }

    @Test
    void absurdSizesHitTheDocumentedSanityCaps() {
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'btn': 8", "'btn': 1000000000")))
                .hasMessageContaining("block 1, key 'btn'").hasMessageContaining("sanity cap of " + MaeDetStructure.MAX_CHANNELS);
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'L': 1", "'L': 1000000000")))
                .hasMessageContaining("block 1, key 'L'").hasMessageContaining("sanity cap of " + MaeDetStructure.MAX_UNITS);
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'out': 16", "'out': 100000")))
                .hasMessageContaining("key 'out'");
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'k': 3}", "'k': 99}")))
                .hasMessageContaining("block 0, key 'k'");
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'L': 1", "'L': 99999999999")))
                .hasMessageContaining("block 1, key 'L'").hasMessageContaining("out of range");
        // The caps hold every released structure: MAE-DET-S has widths up to 2048 and L 10.
        assertThat(MaeDetStructure.parse(TWO.replace("'out': 16", "'out': 2400").replace("'L': 1", "'L': 16")).layers())
                .isEqualTo(1 + 48);
    }

    @Test
    void unknownKeysAreErrorsAndDefaultsOfPaddingAndGroupsAreAccepted() {
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'k': 3}", "'k': 3, 'nbitsA': 8}")))
                .hasMessageContaining("block 0, key 'nbitsA': unknown key");
        assertThatThrownBy(() -> MaeDetStructure.parse("{'best_structures': [" + TWO + "], 'space': 1}"))
                .hasMessageContaining("unknown key 'space'");
        assertThat(MaeDetStructure.parse(TWO.replace("'k': 3}", "'k': 3, 'p': 1, 'g': 1}")).blocks()).hasSize(2);
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'k': 3}", "'k': 3, 'p': 0}")))
                .hasMessageContaining("key 'p'");
        assertThatThrownBy(() -> MaeDetStructure.parse(TWO.replace("'k': 3}", "'k': 3, 'g': 2}")))
                .hasMessageContaining("key 'g'");
    }

    @Test
    void aBinaryFileIsSaidToBeNotUtf8(@TempDir Path tmp) throws Exception {
        Path f = Files.write(tmp.resolve("model.bin"), new byte[] {'[', (byte) 0x80, 0, 0});
        assertThatThrownBy(() -> MaeDetStructure.read(f)).isInstanceOf(NotUtf8Exception.class)
                .hasMessageContaining("model.bin").hasMessageContaining("offset 1");
        assertThatThrownBy(() -> MaeDetStructure.read(tmp)).hasMessageContaining("directory");
    }
}
