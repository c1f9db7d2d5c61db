package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Evaluation;
import org.nas4det.core.data.BadRecordPolicy;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.VocData;
import org.nas4det.core.data.VocOrigin;
import org.nas4det.core.exec.RemoteEvaluation;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.search.ShuffledExecutor;

/**
 * SP-NAS on VOC data has a recipe: a worker that reads the VOC files from a URI (here a scheme
 * only the test's source can open, which copies them elsewhere) fine-tunes the candidate to the
 * driver's result.
 */
class SpNasVocRecipeTest {

    /** Opens {@code copy:<path>} by copying the file into its own folder: the recipe must read through it. */
    static final class CopyingSource implements FileSource {
        final Path cache;
        final List<String> asked = new ArrayList<>();

        CopyingSource(Path cache) {
            this.cache = cache;
        }

        private Path copy(String location, String member) {
            Path from = Path.of(location.substring("copy:".length())).resolve(member);
            Path to = cache.resolve(Integer.toHexString(location.hashCode())).resolve(member);
            try {
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            asked.add(member);
            return to;
        }

        @Override
        public Path file(String location) {
            return copy(location, "");
        }

        @Override
        public Path folder(String location, Collection<String> members) {
            members.forEach(m -> copy(location, m));
            return cache.resolve(Integer.toHexString(location.hashCode()));
        }
    }

    @AfterEach
    void forgetWorkerEvaluators() {
        RemoteEvaluation.clear();
    }

    private static Path voc(Path root) throws Exception {
        Files.createDirectories(root.resolve("Annotations"));
        Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.createDirectories(root.resolve("JPEGImages"));
        StringBuilder split = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            String name = "img" + i;
            BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            image.getGraphics().fillRect(8 * i, 10, 20, 24);
            ImageIO.write(image, "png", root.resolve("JPEGImages/" + name + ".png").toFile());
            Files.writeString(root.resolve("Annotations/" + name + ".xml"), "<annotation><filename>" + name + ".png</filename><size>"
                    + "<width>64</width><height>64</height></size><object><name>" + (i % 2 == 0 ? "dog" : "car") + "</name>"
                    + "<bndbox><xmin>" + (8 * i + 1) + "</xmin><ymin>11</ymin><xmax>" + (8 * i + 20) + "</xmax><ymax>34</ymax>"
                    + "</bndbox></object></annotation>");
            split.append(name).append('\n');
        }
        Files.writeString(root.resolve("ImageSets/Main/trainval.txt"), split);
        return root;
    }

    @Test
    void aWorkerReadingVocFromAUriFineTunesToTheDriversResult(@TempDir Path tmp) throws Exception {
        Path root = voc(tmp.resolve("voc"));
        DetectionData all = VocData.reader().read(root, "trainval");
        DetectionData train = all.subset(Set.of(1L, 2L, 3L));
        DetectionData holdout = all.subset(Set.of(4L));
        SpNasArch seed = SpNasArch.parse("b_11-21-21-21_0-0-0-0");
        Lineage lineage = new Lineage(tmp.resolve("lineage"));
        lineage.write(seed, null);
        DetectorRecipe detector = new DetectorRecipe("fcos", 8, false, 16, 1, 64);
        TrainSettings fineTune = new TrainSettings(1, 2, 0.01f, 0);
        SpNasRecipe driver = new SpNasRecipe(detector, fineTune, 2, train.origin().orElseThrow(), holdout.origin().orElseThrow(),
                tmp.resolve("models").toString(), lineage.folder().toString(), 5, false);
        QuickEvaluator inProcess = new QuickEvaluator(driver, train, holdout, List.of());
        assertThat(inProcess.recipe()).contains(driver);
        Evaluation expected = inProcess.evaluate(seed);
        // the scores of two iterations are zeros: the trained weights are what shows the same data and training
        Path model = QuickEvaluator.modelDir(tmp.resolve("models"), seed).resolve("detector.params");
        byte[] expectedWeights = Files.readAllBytes(model);

        String uri = "copy:" + root;
        SpNasRecipe remote = new SpNasRecipe(detector, fineTune, 2,
                new VocOrigin(uri, "trainval", BadRecordPolicy.FAIL, true, List.of(1L, 2L, 3L)),
                new VocOrigin(uri, "trainval", BadRecordPolicy.FAIL, true, List.of(4L)), tmp.resolve("models").toString(),
                lineage.folder().toString(), 5, false);
        CopyingSource worker = new CopyingSource(tmp.resolve("cache"));
        Evaluation got = RemoteEvaluation.read(RemoteEvaluation.evaluate(ShuffledExecutor.serialisedCopy(remote), seed.encode(), worker));
        assertThat(got.metrics()).isEqualTo(expected.metrics());
        assertThat(Files.readAllBytes(model)).isEqualTo(expectedWeights);
        assertThat(worker.asked).contains("JPEGImages/img4.png", "Annotations/img1.xml");
    }
}
