package org.nas4det.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;

class SyntheticShapesTest {

    @TempDir Path tmp;

    private static SyntheticShapes gen(long seed) {
        return SyntheticShapes.builder().imageSize(64).trainImages(12).valImages(4).holdoutImages(4).seed(seed).build();
    }

    @Test
    void writesAValidCocoSetWithFiveClassesAndThreeSplits() throws Exception {
        ShapesLayout l = gen(1).writeDetection(tmp.resolve("a"));
        Set<Long> allIds = new HashSet<>();
        int objects = 0;
        Set<Integer> classes = new HashSet<>();
        for (String split : SyntheticShapes.SPLITS) {
            DetectionData d = CocoData.reader().read(l.annotations(split), l.images(split));
            assertThat(d.categories().names()).containsExactly("circle", "square", "triangle", "ellipse", "cross");
            assertThat(d.categories().ids()).containsExactly(1, 2, 3, 4, 5);
            for (DetectionSample s : d.samples()) {
                assertThat(allIds.add(s.imageId())).isTrue();
                assertThat(s.width()).isEqualTo(64);
                assertThat(s.size()).isBetween(1, 6);
                float[] b = s.boxes();
                for (int i = 0; i < s.size(); i++) {
                    float w = b[4 * i + 2] - b[4 * i];
                    float h = b[4 * i + 3] - b[4 * i + 1];
                    assertThat(Math.max(w, h)).isBetween(3f, 33f);
                    classes.add(s.labels()[i]);
                }
                objects += s.size();
            }
        }
        assertThat(allIds).hasSize(20);
        assertThat(objects).isGreaterThan(20);
        assertThat(classes).hasSize(5);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        ShapesLayout a = gen(5).writeDetection(tmp.resolve("a"));
        ShapesLayout b = gen(5).writeDetection(tmp.resolve("b"));
        ShapesLayout c = gen(6).writeDetection(tmp.resolve("c"));
        assertThat(Files.readString(a.annotations("train"))).isEqualTo(Files.readString(b.annotations("train")));
        assertThat(Files.readAllBytes(a.images("val").resolve("10000001.png")))
                .isEqualTo(Files.readAllBytes(b.images("val").resolve("10000001.png")));
        assertThat(Files.readString(a.annotations("train"))).isNotEqualTo(Files.readString(c.annotations("train")));
        // Splits come from disjoint seeds: train and val images differ.
        assertThat(Files.readAllBytes(a.images("train").resolve("00000001.png")))
                .isNotEqualTo(Files.readAllBytes(a.images("val").resolve("10000001.png")));
    }

    @Test
    void ensureReusesAnIdenticalSetAndRewritesADifferentOne() throws Exception {
        Path dir = tmp.resolve("e");
        gen(2).ensureDetection(dir);
        long stamp = Files.getLastModifiedTime(dir.resolve("annotations/instances_train.json")).toMillis();
        Files.setLastModifiedTime(dir.resolve("annotations/instances_train.json"), java.nio.file.attribute.FileTime.fromMillis(stamp - 100_000));
        gen(2).ensureDetection(dir);
        assertThat(Files.getLastModifiedTime(dir.resolve("annotations/instances_train.json")).toMillis()).isEqualTo(stamp - 100_000);
        gen(3).ensureDetection(dir);
        assertThat(Files.getLastModifiedTime(dir.resolve("annotations/instances_train.json")).toMillis()).isGreaterThan(stamp - 100_000);
    }

    @Test
    void anUndecodableClassificationImageIsBadInputNamingItWhenDrawn() throws Exception {
        gen(1).writeClassification(tmp.resolve("bad"));
        Path junk = tmp.resolve("bad/train/circle/0000junk.png");
        Files.writeString(junk, "not an image");
        var folder = ClassificationData.imageFolder(tmp.resolve("bad/train"), 32, 4, true, 0);
        long index = -1;
        for (long i = 0; i < folder.size(); i++) {
            if (folder.file(i).equals(junk)) {
                index = i;
            }
        }
        assertThat(index).isNotNegative();
        long at = index;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> folder.get(m, at))
                    .isInstanceOf(DatasetException.class)
                    .hasMessageStartingWith(junk.toString())
                    .hasMessageContaining("cannot read the image");
        }
    }

    @Test
    void aSmallerSetWrittenOverALargerOneLeavesNoImageOfItBehind() throws Exception {
        java.util.function.IntFunction<SyntheticShapes> sized = n -> SyntheticShapes.builder().imageSize(32).trainImages(n)
                .valImages(1).holdoutImages(1).seed(1).build();
        Path cls = tmp.resolve("over");
        sized.apply(3).writeClassification(cls);
        Files.writeString(cls.resolve("train/circle/mine.txt"), "a user's file");
        sized.apply(1).ensureClassification(cls);
        try (var files = Files.list(cls.resolve("train/circle"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("00000001.png", "mine.txt");
        }
        Path det = tmp.resolve("overdet");
        sized.apply(3).ensureDetection(det);
        sized.apply(1).ensureDetection(det);
        try (var files = Files.list(det.resolve("train"))) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void classificationVariantHasAFolderPerClass() throws Exception {
        gen(1).writeClassification(tmp.resolve("cls"));
        for (String c : new String[] {"circle", "square", "triangle", "ellipse", "cross"}) {
            assertThat(tmp.resolve("cls/train/" + c)).isDirectory();
            assertThat(tmp.resolve("cls/val/" + c)).isDirectory();
        }
        var folder = ClassificationData.imageFolder(tmp.resolve("cls/train"), 32, 4, true, 0);
        assertThat(folder.getSynset()).containsExactly("circle", "cross", "ellipse", "square", "triangle");
        assertThat(folder.size()).isEqualTo(12 * 5);
        // Batches for training: each image resized, flipped, made CHW and normalised, then stacked.
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var batch = org.nas4det.core.train.DatasetBatches.stacked(folder, ClassificationData.pipeline(16, true, 0), 4, 0).batch(m, 0);
            assertThat(batch[0].head().getShape()).isEqualTo(new ai.djl.ndarray.types.Shape(4, 3, 16, 16));
            assertThat(batch[0].head().getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
            assertThat(batch[1].head().toLongArray()).hasSize(4).containsAnyOf(0L, 1L, 2L, 3L, 4L);
            // The same batch without flips: each training image is it, or it mirrored along the
            // width (NCHW axis 3), exactly as the sample's seeded draw says.
            var plain = org.nas4det.core.train.DatasetBatches.stacked(folder, ClassificationData.pipeline(16, false, 0), 4, 0);
            var flips = new org.nas4det.core.train.DatasetBatches(folder, 4, 0, ai.djl.translate.Batchifier.STACK,
                    ai.djl.translate.Batchifier.STACK).indices(0);
            var unflipped = plain.batch(m, 0)[0].head();
            int flipped = 0;
            for (int i = 0; i < 4; i++) {
                var probe = new org.nas4det.core.data.transform.SeededFlipLeftRight(0.5, 0);
                probe.reseed(org.nas4det.core.Seeds.sampleSeed(0, flips.get(i), 0));
                boolean flip = probe.transform(m.ones(new ai.djl.ndarray.types.Shape(1, 2, 1)).mul(m.arange(2f).reshape(1, 2, 1)))
                        .toFloatArray()[0] == 1f;
                var want = flip ? unflipped.get(i).flip(2) : unflipped.get(i);
                assertThat(batch[0].head().get(i).toFloatArray()).as("image %d, flip %s", i, flip).containsExactly(want.toFloatArray());
                flipped += flip ? 1 : 0;
            }
            assertThat(flipped).as("flips in the first batch of seed 0").isPositive();
        }
        // Images in name order: index -> file is the same on every file system.
        java.util.List<String> listed = new java.util.ArrayList<>();
        for (long i = 0; i < folder.size(); i++) {
            listed.add(tmp.resolve("cls/train").relativize(folder.file(i)).toString());
        }
        assertThat(listed).isSorted().hasSize(60);
        // ensureClassification writes only when the folder does not hold this exact set.
        long stamp = Files.getLastModifiedTime(tmp.resolve("cls/train/circle")).toMillis();
        gen(1).ensureClassification(tmp.resolve("cls"));
        assertThat(Files.getLastModifiedTime(tmp.resolve("cls/train/circle")).toMillis()).isEqualTo(stamp);
    }
}
