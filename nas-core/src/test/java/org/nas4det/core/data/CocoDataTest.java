package org.nas4det.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoDataTest {

    @TempDir Path tmp;

    private TinyCoco valid() throws Exception {
        return new TinyCoco(tmp)
                .image(10, "a.png", 64, 48)
                .image(11, "sub/b.png", 32, 32)
                .ann(1, 10, 42, 4, 5, 10, 20, false)
                .ann(2, 10, 3, 0, 0, 64, 48, true)
                .ann(3, 11, 7, 1, 1, 8, 8, false);
    }

    @Test
    void readsSamplesMapsCategoriesAndKeepsCrowdApart() throws Exception {
        DetectionData d = valid().read();
        assertThat(d.categories().size()).isEqualTo(3);
        assertThat(d.categories().index(3)).isZero();
        assertThat(d.categories().index(7)).isEqualTo(1);
        assertThat(d.categories().index(42)).isEqualTo(2);
        assertThat(d.categories().id(2)).isEqualTo(42);
        assertThat(d.categories().name(2)).isEqualTo("bird");
        DetectionSample a = d.samples().get(0);
        assertThat(a.imageId()).isEqualTo(10);
        assertThat(a.boxes()).containsExactly(4f, 5f, 14f, 25f);
        assertThat(a.labels()).containsExactly(2);
        assertThat(a.crowdBoxes()).containsExactly(0f, 0f, 64f, 48f);
        assertThat(a.crowdLabels()).containsExactly(0);
        assertThat(d.samples().get(1).file()).endsWith(Path.of("sub", "b.png"));
    }

    @Test
    void objectsCountBoxesThatAreNotCrowdAndASplitWithoutAnyIsSaidToBeSo() throws Exception {
        DetectionData some = new TinyCoco(tmp).image(1, "a.png", 20, 20).ann(1, 1, 3, 1, 1, 5, 5, false)
                .ann(2, 1, 3, 2, 2, 5, 5, true).image(2, "b.png", 20, 20).ann(3, 2, 3, 3, 3, 5, 5, false).read();
        assertThat(some.objects()).isEqualTo(2);
        assertThat(some.warnIfNoObjects("training")).isTrue();
        DetectionData crowdOnly = new TinyCoco(tmp.resolve("crowd")).image(1, "a.png", 20, 20).ann(1, 1, 3, 1, 1, 5, 5, true).read();
        assertThat(crowdOnly.objects()).isZero();
        assertThat(crowdOnly.warnIfNoObjects("training")).isFalse();
        // The digest: the same data read twice agrees; the same box as crowd does not.
        DetectionData again = new TinyCoco(tmp.resolve("again")).image(1, "a.png", 20, 20).ann(1, 1, 3, 1, 1, 5, 5, true).read();
        assertThat(again.contentDigest()).isEqualTo(crowdOnly.contentDigest()).startsWith("1 images, ");
        DetectionData notCrowd = new TinyCoco(tmp.resolve("plain")).image(1, "a.png", 20, 20).ann(1, 1, 3, 1, 1, 5, 5, false).read();
        assertThat(notCrowd.contentDigest()).isNotEqualTo(crowdOnly.contentDigest());
    }

    @Test
    void boxesWithinOnePixelOutsideAreClipped() throws Exception {
        DetectionData d = new TinyCoco(tmp).image(1, "a.png", 20, 20).ann(1, 1, 3, -0.5, 2, 21, 5, false).read();
        assertThat(d.samples().get(0).boxes()).containsExactly(0f, 2f, 20f, 7f);
    }

    @Test
    void boxOutsideTheImageIsRejectedNamingTheAnnotation() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 20, 20).ann(77, 1, 3, 10, 10, 15, 5, false);
        assertThatThrownBy(c::read)
                .isInstanceOf(InvalidBoxException.class)
                .hasMessageContaining("instances.json")
                .hasMessageContaining("annotation 77")
                .hasMessageContaining("outside");
    }

    @Test
    void nonPositiveBoxIsRejected() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 20, 20).ann(5, 1, 3, 1, 1, 0, 5, false);
        assertThatThrownBy(c::read).isInstanceOf(InvalidBoxException.class).hasMessageContaining("annotation 5")
                .hasMessageContaining("non-positive");
    }

    @Test
    void unknownCategoryIsRejected() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 20, 20).ann(5, 1, 99, 1, 1, 5, 5, false);
        assertThatThrownBy(c::read).isInstanceOf(UnknownCategoryException.class).hasMessageContaining("category_id 99");
    }

    @Test
    void duplicateImageIdsAreRejected() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 20, 20).image(1, "b.png", 20, 20);
        assertThatThrownBy(c::read).isInstanceOf(DuplicateImageIdException.class).hasMessageContaining("image 1");
    }

    @Test
    void duplicateAnnotationIdsAreRejectedOrTheLaterSkipped() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 20, 20).ann(4, 1, 3, 1, 1, 5, 5, false).ann(4, 1, 3, 8, 8, 5, 5, false);
        assertThatThrownBy(c::read).isInstanceOf(DuplicateAnnotationIdException.class)
                .hasMessageContaining("annotations[1]").hasMessageContaining("annotation id 4 appears twice (also annotations[0])");
        DetectionData d = CocoData.reader().optPolicy(BadRecordPolicy.SKIP).read(c.write(), tmp.resolve("images"));
        assertThat(d.skipped()).containsEntry("DuplicateAnnotationIdException", 1);
        // The first stays: its box, not the repeat's.
        assertThat(d.samples().get(0).size()).isEqualTo(1);
        assertThat(d.samples().get(0).boxes()[0]).isEqualTo(1f);
    }

    @Test
    void missingAndUndecodableImagesAreRejected() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 20, 20, 0, 0);
        assertThatThrownBy(c::read).isInstanceOf(MissingImageException.class).hasMessageContaining("does not exist");
        TinyCoco d = new TinyCoco(tmp.resolve("x")).image(2, "junk.png", 20, 20, 0, 0);
        Files.writeString(tmp.resolve("x").resolve("images").resolve("junk.png"), "not an image");
        assertThatThrownBy(d::read).isInstanceOf(MissingImageException.class).hasMessageContaining("image 2")
                .hasMessageContaining("decoded");
    }

    @Test
    void imageSizeDifferentFromTheAnnotationIsRejected() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(4, "a.png", 20, 20, 21, 20);
        assertThatThrownBy(c::read).isInstanceOf(ImageSizeMismatchException.class)
                .hasMessageContaining("21x20").hasMessageContaining("20x20");
    }

    @Test
    void pathsThatLeaveTheRootAreRefused() throws Exception {
        TinyCoco up = new TinyCoco(tmp).image(1, "../secret.png", 20, 20, 0, 0);
        assertThatThrownBy(up::read).isInstanceOf(PathEscapeException.class).hasMessageContaining("leaves");
        TinyCoco abs = new TinyCoco(tmp.resolve("y")).image(1, "/etc/passwd", 20, 20, 0, 0);
        assertThatThrownBy(abs::read).isInstanceOf(PathEscapeException.class).hasMessageContaining("absolute");
    }

    @Test
    void malformedJsonGivesThePosition() throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"images\": [\n{\"id\": 1,,}]}");
        assertThatThrownBy(() -> CocoData.reader().read(f, tmp)).isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("line 2");
    }

    @Test
    void anEmptyDataSetIsAnError() throws Exception {
        TinyCoco c = new TinyCoco(tmp);
        assertThatThrownBy(c::read).isInstanceOf(EmptyDatasetException.class);
    }

    @Test
    void skipModeLeavesBadRecordsOutAndCountsThem() throws Exception {
        TinyCoco c = valid()
                .image(12, "missing.png", 20, 20, 0, 0)
                .ann(9, 10, 99, 1, 1, 2, 2, false)
                .ann(10, 11, 7, 30, 30, 10, 10, false)
                .ann(11, 12, 7, 1, 1, 2, 2, false);
        DetectionData d = CocoData.reader().optPolicy(BadRecordPolicy.SKIP).read(c.write(), tmp.resolve("images"));
        assertThat(d.samples()).hasSize(2);
        assertThat(d.skipped()).containsEntry("MissingImageException", 1)
                .containsEntry("UnknownCategoryException", 1)
                .containsEntry("InvalidBoxException", 1);
        assertThat(d.samples().get(1).labels()).containsExactly(1);
        // Everything bad was skipped: an all-bad set is still an error.
        TinyCoco allBad = new TinyCoco(tmp.resolve("z")).image(1, "nope.png", 20, 20, 0, 0);
        assertThatThrownBy(() -> CocoData.reader().optPolicy(BadRecordPolicy.SKIP).read(allBad.write(), tmp.resolve("z/images")))
                .isInstanceOf(EmptyDatasetException.class).hasMessageContaining("MissingImageException");
    }
}
