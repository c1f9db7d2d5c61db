package org.nas4det.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.transform.DetectionExample;
import org.nas4det.core.data.transform.RandomHorizontalFlip;
import org.nas4det.core.data.transform.ResizeKeepAspect;

class DetectionDatasetTest {

    @TempDir Path tmp;

    @Test
    void resizeAndFlipMoveTheBoxesWithThePixels() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            // A white 10x6 block at x 20..30, y 4..10 of a 40x20 black image.
            float[] px = new float[20 * 40 * 3];
            for (int y = 4; y < 10; y++) {
                for (int x = 20; x < 30; x++) {
                    for (int c = 0; c < 3; c++) {
                        px[(y * 40 + x) * 3 + c] = 255;
                    }
                }
            }
            DetectionExample ex = new DetectionExample(m.create(px, new Shape(20, 40, 3)),
                    new float[] {20, 4, 30, 10}, new int[] {1}, new boolean[1], new float[0], new int[0]);
            new ResizeKeepAspect(40, 80).apply(ex, new Random(0));
            assertThat(ex.height()).isEqualTo(40);
            assertThat(ex.width()).isEqualTo(80);
            assertThat(ex.boxes).containsExactly(40f, 8f, 60f, 20f);
            assertThat(ex.scaleX).isEqualTo(2f);
            new RandomHorizontalFlip(1.0).apply(ex, new Random(0));
            assertThat(ex.boxes).containsExactly(20f, 8f, 40f, 20f);
            // The pixels moved too: inside the flipped box is white, just outside is black.
            float[] img = ex.image.toFloatArray();
            assertThat(img[(14 * 80 + 30) * 3]).isCloseTo(255f, offset(1f));
            assertThat(img[(14 * 80 + 45) * 3]).isCloseTo(0f, offset(1f));
        }
    }

    @Test
    void aMissingSamplingIsNamedAsTheRequiredSetter() throws Exception {
        DetectionData d = new TinyCoco(tmp).image(1, "a.png", 40, 20).ann(1, 1, 3, 2, 2, 10, 10, false).read();
        assertThatThrownBy(() -> DetectionDataset.builder().setData(d).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("DetectionDataset.Builder: setSampling (or setSampler) is required");
    }

    @Test
    void batchesPadImagesToAMultipleOf32AndKeepPerImageBoxes() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 40, 20).image(2, "b.png", 30, 50)
                .ann(1, 1, 3, 2, 2, 10, 10, false).ann(2, 1, 7, 20, 5, 10, 10, false)
                .ann(3, 2, 42, 0, 0, 30, 50, false);
        DetectionDataset ds = DetectionDataset.builder().setData(c.read()).setSampling(2, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = ds.getData(m).iterator().next();
            NDArray images = b.getData().head();
            assertThat(images.getShape()).isEqualTo(new Shape(2, 3, 64, 64));
            NDList labels = b.getLabels();
            assertThat(labels.get(DetectionTargets.BOXES).getShape()).isEqualTo(new Shape(2, 2, 4));
            assertThat(labels.get(DetectionTargets.CLASSES).toIntArray()).containsExactly(0, 1, 2, -1);
            assertThat(labels.get(DetectionTargets.IMAGE_ID).toLongArray()).containsExactly(1, 2);
            float[] info = labels.get(DetectionTargets.INFO).toFloatArray();
            assertThat(info[DetectionTargets.INFO_HEIGHT]).isEqualTo(20f);
            assertThat(info[DetectionTargets.INFO_SIZE + DetectionTargets.INFO_ORIGINAL_HEIGHT]).isEqualTo(50f);
            NDList[] back = new TargetBatchifier().unbatchify(labels);
            assertThat(back[0].get(DetectionTargets.CLASSES).toIntArray()).containsExactly(0, 1);
            assertThat(back[1].get(DetectionTargets.BOXES).toFloatArray()).containsExactly(0f, 0f, 30f, 50f);
            b.close();
        }
    }

    @Test
    void augmentationIsSeededAndRepeatable() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 40, 20).ann(1, 1, 3, 2, 2, 10, 10, false);
        DetectionData d = c.read();
        List<Float> first = new ArrayList<>();
        List<Float> second = new ArrayList<>();
        for (List<Float> out : List.of(first, second)) {
            DetectionDataset ds = DetectionDataset.builder().setData(d).optSeed(3)
                    .optTransforms(DetectionDataset.trainTransforms(20, 40)).setSampling(1, false).build();
            try (NDManager m = NDManager.newBaseManager()) {
                for (int i = 0; i < 8; i++) {
                    Record r = ds.get(m, 0);
                    out.add(r.getLabels().get(DetectionTargets.BOXES).toFloatArray()[0]);
                }
            }
        }
        assertThat(first).isEqualTo(second);
        assertThat(first).contains(2f, 28f); // flipped and not flipped both happen
    }

    @Test
    void anImageReplacedAfterLoadingIsReportedWhenRead() throws Exception {
        TinyCoco c = new TinyCoco(tmp).image(1, "a.png", 40, 20).ann(1, 1, 3, 2, 2, 10, 10, false);
        DetectionDataset ds = DetectionDataset.builder().setData(c.read()).setSampling(1, false).build();
        ImageIO.write(new BufferedImage(41, 20, BufferedImage.TYPE_INT_RGB), "png", tmp.resolve("images/a.png").toFile());
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> ds.get(m, 0)).isInstanceOf(ImageSizeMismatchException.class);
            Files.delete(tmp.resolve("images/a.png"));
            assertThatThrownBy(() -> ds.get(m, 0)).isInstanceOf(MissingImageException.class);
        }
    }

    @Test
    void splitsAreSeededDisjointAndReusedFromTheirFile() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            ids.add(i * 3);
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("train", 0.7);
        f.put("val", 0.2);
        f.put("holdout", 0.1);
        ImageSplits a = ImageSplits.create(ids, f, 11);
        assertThat(a.get("train")).hasSize(70);
        assertThat(a.get("val")).hasSize(20);
        assertThat(a.get("holdout")).hasSize(10);
        assertThat(a.get("train")).doesNotContainAnyElementsOf(a.get("val"));
        assertThat(ImageSplits.create(ids, f, 11).get("val")).isEqualTo(a.get("val"));
        assertThat(ImageSplits.create(ids, f, 12).get("val")).isNotEqualTo(a.get("val"));
        Path file = tmp.resolve("splits.json");
        ImageSplits written = ImageSplits.loadOrCreate(file, ids, f, 11);
        ImageSplits read = ImageSplits.loadOrCreate(file, ids, f, 99);
        assertThat(read.get("val")).isEqualTo(written.get("val"));
        assertThatThrownBy(() -> ImageSplits.loadOrCreate(file, ids.subList(0, 50), f, 11))
                .isInstanceOf(DatasetException.class).hasMessageContaining("splits.json");
    }

}
