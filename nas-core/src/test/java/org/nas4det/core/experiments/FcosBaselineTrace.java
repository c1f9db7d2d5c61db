package org.nas4det.core.experiments;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingStep;

/**
 * A manual probe (not a test): the quick start's ResNet-18/4 baseline training alone (the same
 * shapes, spec and settings as {@code nas quickstart}), printing every step's losses, gradient
 * norm and whether it was skipped, and keeping a copy of every checkpoint (the loop keeps only the
 * last) so a divergence can be resumed from just before it with {@link FcosDivergenceProbe}.
 * Arguments: out-dir size images iterations lr checkpoint-every threads.
 */
public final class FcosBaselineTrace {
    public static void main(String[] a) {
        Path out = Path.of(a[0]);
        int size = Integer.parseInt(a[1]);
        int images = Integer.parseInt(a[2]);
        int iterations = Integer.parseInt(a[3]);
        float lr = Float.parseFloat(a[4]);
        int every = Integer.parseInt(a[5]);
        EngineSettings.defaults().threads(Integer.parseInt(a[6])).apply();
        ShapesLayout data = SyntheticShapes.builder().imageSize(size).trainImages(images).valImages(Math.max(8, images / 4))
                .holdoutImages(Math.max(8, images / 4)).seed(0).build().ensureDetection(out.resolve("data"));
        DetectionData train = CocoData.reader().read(data.annotations("train"), data.images("train"));
        JsonObject spec = new JsonObject();
        spec.addProperty("head", "fcos");
        spec.addProperty("channels", 64);
        spec.addProperty("tower_depth", 2);
        spec.addProperty("input_size", size);
        JsonObject resnet = new JsonObject();
        resnet.addProperty("type", "resnet");
        resnet.addProperty("depth", 18);
        resnet.addProperty("stem_width", 16);
        spec.add("backbone", resnet);
        TrainingListener print = new TrainingListener() {
            @Override
            public void onStep(TrainingStep s) {
                System.out.printf(Locale.ROOT, "it %d lr %.5f grad %.4g%s %.2fs %s%n", s.iteration(), s.learningRate(), s.gradientNorm(),
                        Float.isFinite(s.gradientNorm()) ? "" : " SKIPPED", s.seconds(), s.losses());
                System.out.flush();
            }

            @Override
            public void onCheckpoint(int iteration, Path dir) {
                copy(dir, out.resolve(String.format(Locale.ROOT, "keep/%05d/checkpoints", iteration)));
            }
        };
        try (NDManager m = NDManager.newBaseManager()) {
            DetectorTrainer.builder().setSpec(DetectorSpec.of(spec)).setTrainData(train).optIterations(iterations).optBatchSize(8)
                    .optLearningRate(lr, Math.max(1, iterations / 5)).optSeed(0).optRunDirectory(out.resolve("run"))
                    .optCheckpointEvery(every).addTrainingListener(print).build().train(m);
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, to.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
