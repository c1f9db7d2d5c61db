package org.nas4det.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.CocoRecords;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DuplicateAnnotationIdException;
import org.nas4det.core.data.DuplicateImageIdException;
import org.nas4det.core.data.MalformedAnnotationException;
import org.nas4det.core.io.NotUtf8Exception;
import org.nas4det.core.data.UnknownCategoryException;

/** The one JSON reader of user files is strict RFC 8259 and strict UTF-8; ids are exact. */
class CocoJsonStrictTest {

    private static final String GT = "{\"images\": [{\"id\": 1, \"width\": 10, \"height\": 10, \"file_name\": \"a.png\"},"
            + " {\"id\": 2, \"width\": 10, \"height\": 10, \"file_name\": \"b.png\"}], \"categories\": [{\"id\": 1, \"name\": \"c\"}],"
            + " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"area\": 25}]}";

    @Test
    void lenientJsonIsRejectedWithItsPosition(@TempDir Path tmp) throws Exception {
        assertThat(CocoJson.readGroundTruth(Files.writeString(tmp.resolve("ok.json"), GT)).size()).isEqualTo(1);
        List<String> lenient = List.of(
                GT.replace('"', '\''),
                GT.replace("\"images\"", "images"),
                GT.replace("\"images\":", "\"images\" ="),
                GT.replace("], \"categories\"", "]; \"categories\""),
                GT.replace("{\"images\"", "{/* c */ \"images\""),
                GT.replace("{\"images\"", "{// c\n \"images\""),
                GT.replace("\"area\": 25", "\"area\": NaN"),
                GT + "{}");
        for (String text : lenient) {
            Path f = Files.writeString(tmp.resolve("bad.json"), text);
            assertThatThrownBy(() -> CocoRecords.parse(f)).as(text)
                    .isInstanceOf(MalformedAnnotationException.class)
                    .hasMessageContaining("bad.json")
                    .hasMessageContaining("malformed JSON")
                    .hasMessageContaining("line ")
                    .hasMessageNotContaining("setStrictness");
        }
    }

    @Test
    void nonUtf8IsSaidWithTheByteOffset(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("latin1.json");
        Files.write(f, "[\"caf\u00e9\"]".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CocoRecords.parse(f)).isInstanceOf(NotUtf8Exception.class)
                .hasMessageContaining("latin1.json").hasMessageContaining("not UTF-8").hasMessageContaining("offset 5");
        assertThat(((NotUtf8Exception) org.assertj.core.api.Assertions.catchThrowable(() -> CocoRecords.parse(f))).offset())
                .isEqualTo(5);
        // The same reader serves the training data.
        assertThatThrownBy(() -> CocoData.reader().read(f, tmp)).isInstanceOf(NotUtf8Exception.class);
    }

    @Test
    void groundTruthWithRepeatedIdsOrUndeclaredCategoriesIsRejected(@TempDir Path tmp) throws Exception {
        Path dup = Files.writeString(tmp.resolve("dup.json"), GT.replace("{\"id\": 2,", "{\"id\": 1,"));
        assertThatThrownBy(() -> CocoJson.readGroundTruth(dup)).isInstanceOf(DuplicateImageIdException.class)
                .hasMessageContaining("dup.json: images[1]").hasMessageContaining("silently gives wrong results");
        Path cat = Files.writeString(tmp.resolve("cat.json"), GT.replace("\"category_id\": 1", "\"category_id\": 3"));
        assertThatThrownBy(() -> CocoJson.readGroundTruth(cat)).isInstanceOf(UnknownCategoryException.class)
                .hasMessageContaining("cat.json: annotations[0]").hasMessageContaining("category_id 3");
        Path img = Files.writeString(tmp.resolve("img.json"), GT.replace("\"image_id\": 1", "\"image_id\": 9"));
        assertThatThrownBy(() -> CocoJson.readGroundTruth(img)).hasMessageContaining("img.json").hasMessageContaining("image_id 9");
        Path cats = Files.writeString(tmp.resolve("cats.json"), GT.replace("[{\"id\": 1, \"name\": \"c\"}]",
                "[{\"id\": 1, \"name\": \"c\"}, {\"id\": 1, \"name\": \"d\"}]"));
        assertThatThrownBy(() -> CocoJson.readGroundTruth(cats)).hasMessageContaining("categories[1]").hasMessageContaining("twice");
        String repeated = "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"area\": 25}";
        Path anns = Files.writeString(tmp.resolve("anns.json"), GT.replace(repeated, repeated + ", " + repeated.replace("[0, 0,", "[4, 4,")));
        assertThatThrownBy(() -> CocoJson.readGroundTruth(anns)).isInstanceOf(DuplicateAnnotationIdException.class)
                .hasMessageContaining("anns.json: annotations[1]").hasMessageContaining("annotation id 1 appears twice")
                .hasMessageContaining("silently gives wrong results");
    }

    @Test
    void idsMustBeIntegersThatFitIn64Bits(@TempDir Path tmp) throws Exception {
        Path gt = Files.writeString(tmp.resolve("gt.json"), GT);
        for (String id : List.of("100000000000000000001", "9223372036854775808", "1.5", "10000001.5", "1e30", "\"1\"")) {
            Path dt = Files.writeString(tmp.resolve("dt.json"),
                    "[{\"image_id\": " + id + ", \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"score\": 0.5}]");
            assertThatThrownBy(() -> CocoJson.evaluate(gt, dt)).as(id).isInstanceOf(MalformedAnnotationException.class)
                    .hasMessageContaining("dt.json: detection 0").hasMessageContaining("'image_id'");
        }
        // Integral values written as decimals are still the same id.
        Path dt = Files.writeString(tmp.resolve("dt.json"),
                "[{\"image_id\": 1.0, \"category_id\": 1e0, \"bbox\": [0, 0, 5, 5], \"score\": 0.5}]");
        assertThat(CocoJson.evaluate(gt, dt).stat("AP")).isGreaterThan(0.99);
        Path gtBig = Files.writeString(tmp.resolve("gtbig.json"), GT.replace("\"annotations\": [{\"id\": 1,",
                "\"annotations\": [{\"id\": 18446744073709551617,"));
        assertThatThrownBy(() -> CocoJson.readGroundTruth(gtBig)).hasMessageContaining("64 bits");
        assertThatThrownBy(() -> CocoData.reader().optVerifyImages(false).read(gtBig, tmp)).hasMessageContaining("64 bits");
    }

    @Test
    void aDetectionForAnImageTheGroundTruthLacksNamesBothFiles(@TempDir Path tmp) throws Exception {
        Path gt = Files.writeString(tmp.resolve("gt.json"), GT);
        Path dt = Files.writeString(tmp.resolve("dt.json"),
                "[{\"image_id\": 42, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"score\": 0.5}]");
        assertThatThrownBy(() -> CocoJson.evaluate(gt, dt)).hasMessageContaining("dt.json: detection 0")
                .hasMessageContaining("image_id 42").hasMessageContaining("gt.json");
    }

    @Test
    void nestingIsBoundedWithItsPosition(@TempDir Path tmp) throws Exception {
        Path deep = Files.writeString(tmp.resolve("deep.json"), "{\"a\": \"[[[\",\n \"b\": " + "[".repeat(200_000)
                + "]".repeat(200_000) + "}");
        assertThatThrownBy(() -> CocoRecords.parse(deep)).isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("deep.json").hasMessageContaining("nested deeper than " + JsonFiles.MAX_DEPTH)
                .hasMessageContaining("line 2 column " + (7 + JsonFiles.MAX_DEPTH - 1));
        String ok = "[".repeat(JsonFiles.MAX_DEPTH) + "]".repeat(JsonFiles.MAX_DEPTH);
        assertThat(JsonFiles.parseStrict(ok).isJsonArray()).isTrue();
    }

    @Test
    void wrongFieldTypesInTrainingDataNameTheFileAndTheField(@TempDir Path tmp) throws Exception {
        Path name = Files.writeString(tmp.resolve("name.json"), GT.replace("\"name\": \"c\"", "\"name\": {\"x\": 1}"));
        assertThatThrownBy(() -> CocoData.reader().optVerifyImages(false).read(name, tmp)).isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("name.json: categories[0]").hasMessageContaining("'name'");
        Path file = Files.writeString(tmp.resolve("file.json"), GT.replace("\"file_name\": \"a.png\"", "\"file_name\": [1]"));
        assertThatThrownBy(() -> CocoData.reader().optVerifyImages(false).read(file, tmp))
                .hasMessageContaining("file.json: image 1").hasMessageContaining("'file_name'");
        Path splits = Files.writeString(tmp.resolve("splits.json"), "{\"seed\": 0, \"splits\": {\"train\": [1, \"x\"]}}");
        assertThatThrownBy(() -> org.nas4det.core.data.ImageSplits.read(splits)).isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("splits.json: split 'train' entry 1");
        Path seed = Files.writeString(tmp.resolve("seed.json"), "{\"seed\": {}, \"splits\": {}}");
        assertThatThrownBy(() -> org.nas4det.core.data.ImageSplits.read(seed)).hasMessageContaining("'seed'");
    }
}
