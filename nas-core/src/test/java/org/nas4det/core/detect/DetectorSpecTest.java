package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.io.MalformedJsonException;

/** A detector spec file is checked when read: every bad value names the file and the field. */
class DetectorSpecTest {

    private static final String SPEC = "{\"head\": \"fcos\", \"backbone\": {\"type\": \"resnet\", \"depth\": 18, \"stem_width\": 8},"
            + " \"channels\": 16, \"tower_depth\": 1, \"input_size\": 64, \"giou\": true}";

    private static void assertRejected(Path tmp, String text, String field) throws Exception {
        Path f = Files.writeString(tmp.resolve("spec.json"), text);
        assertThatThrownBy(() -> DetectorSpec.read(f)).as(text)
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("spec.json: field '" + field + "'");
    }

    @Test
    void aGoodSpecReadsAndBuilds(@TempDir Path tmp) throws Exception {
        DetectorSpec s = DetectorSpec.read(Files.writeString(tmp.resolve("spec.json"), SPEC));
        assertThat(s.inputSize()).isEqualTo(64);
        assertThat(s.build(3)).isNotNull();
    }

    @Test
    void badValuesNameTheFileAndTheField(@TempDir Path tmp) throws Exception {
        assertRejected(tmp, SPEC.replace("\"channels\": 16", "\"channels\": -32"), "channels");
        assertRejected(tmp, SPEC.replace("\"channels\": 16", "\"channels\": 16.5"), "channels");
        assertRejected(tmp, SPEC.replace("\"channels\": 16", "\"channels\": \"16\""), "channels");
        assertRejected(tmp, SPEC.replace("\"input_size\": 64", "\"input_size\": 0"), "input_size");
        assertRejected(tmp, SPEC.replace("\"input_size\": 64", "\"input_size\": 1e12"), "input_size");
        assertRejected(tmp, SPEC.replace("\"tower_depth\": 1", "\"tower_depth\": -1"), "tower_depth");
        assertRejected(tmp, SPEC.replace("\"giou\": true", "\"giou\": 1"), "giou");
        assertRejected(tmp, SPEC.replace("\"head\": \"fcos\"", "\"head\": [1]"), "head");
        assertRejected(tmp, SPEC.replace("\"stem_width\": 8", "\"stem_width\": -32"), "backbone.stem_width");
        assertRejected(tmp, SPEC.replace("\"depth\": 18", "\"depth\": \"abc\""), "backbone.depth");
        assertRejected(tmp, SPEC.replace("\"depth\": 18", "\"depth\": 19"), "backbone");
        assertRejected(tmp, SPEC.replace("\"type\": \"resnet\"", "\"type\": 5"), "backbone.type");
    }

    @Test
    void unknownKeysAreErrors(@TempDir Path tmp) throws Exception {
        assertRejected(tmp, SPEC.replace("\"channels\"", "\"chanels\""), "chanels");
        assertRejected(tmp, SPEC.replace("\"stem_width\": 8", "\"stem_width\": 8, \"widht\": 2"), "backbone.widht");
    }

    @Test
    void aSpecBuiltInCodeIsCheckedTooWithoutAFile() {
        assertThatThrownBy(() -> DetectorSpec.of(JsonParser.parseString(SPEC.replace("\"channels\": 16", "\"channels\": 0"))
                        .getAsJsonObject()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detector spec field 'channels'");
    }

    @Test
    void aSavedModelsDetectorJsonIsASpecAndItsCategoriesAreChecked(@TempDir Path tmp) throws Exception {
        Path ok = Files.writeString(tmp.resolve("detector.json"),
                SPEC.substring(0, SPEC.length() - 1) + ", \"category_ids\": [1, 2], \"category_names\": [\"a\", \"b\"]}");
        assertThat(DetectorSpec.read(ok).inputSize()).isEqualTo(64);
        Files.writeString(tmp.resolve("detector.json"),
                SPEC.substring(0, SPEC.length() - 1) + ", \"category_ids\": [1.5], \"category_names\": [\"a\"]}");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            assertThatThrownBy(() -> SavedDetector.load(tmp, m)).isInstanceOf(MalformedJsonException.class)
                    .hasMessageContaining("detector.json: category_ids[0]");
            Files.writeString(tmp.resolve("detector.json"),
                    SPEC.substring(0, SPEC.length() - 1) + ", \"category_ids\": [1], \"category_names\": [3]}");
            assertThatThrownBy(() -> SavedDetector.load(tmp, m)).hasMessageContaining("category_names[0]");
            Files.writeString(tmp.resolve("detector.json"), SPEC.substring(0, SPEC.length() - 1) + ", \"category_ids\": {}}");
            assertThatThrownBy(() -> SavedDetector.load(tmp, m)).hasMessageContaining("'category_ids'");
        }
    }
}
