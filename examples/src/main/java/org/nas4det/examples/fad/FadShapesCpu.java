package org.nas4det.examples.fad;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.fad.Fad;
import org.nas4det.fad.FadSpecs;
import org.nas4det.fad.FadResult;

/**
 * FAD end to end on the synthetic shapes, sized for 2 CPU cores: the {@link Fad#cpu()} preset
 * searches the head (first-order DARTS, alphas in their own Adam, weight and architecture images
 * split 50/50), derives the genotypes, trains an FCOS detector with the derived head and evaluates
 * it on the validation split; then the baseline FCOS head (4 conv-GN-ReLU per tower at the same
 * FPN width) is trained the same way on the same data and backbone, and both are compared.
 *
 * <p>At this scale (40 search iterations, 200 training iterations, 64 px images) the comparison
 * shows the pipeline working, not the paper's AP gain: both heads are far from converged.
 *
 * <pre>{@code java -cp examples/target/nas.jar org.nas4det.examples.fad.FadShapesCpu [RUN_DIR]}</pre>
 */
public final class FadShapesCpu {

    private FadShapesCpu() {}

    /**
     * Runs the example.
     *
     * @param args optional run directory (default runs/fad-shapes)
     */
    public static void main(String[] args) {
        EngineSettings.defaults().apply();
        Path runDir = Path.of(args.length > 0 ? args[0] : "runs/fad-shapes");
        Fad.Builder preset = Fad.cpu();
        FadResult r = preset.optRunDirectory(runDir).optResume(true).optSeed(0)
                .addTrainingListener(TrainingListener.progressBar()).build().run();
        System.out.print(r.best().encode());

        Path shapes = runDir.resolve("data/shapes");
        DetectionData train = CocoData.reader().read(shapes.resolve("annotations/instances_train.json"), shapes.resolve("train"));
        DetectionData val = CocoData.reader().read(shapes.resolve("annotations/instances_val.json"), shapes.resolve("val"));
        CocoMetrics base;
        try (NDManager m = NDManager.newBaseManager()) {
            DetectorTrainer t = DetectorTrainer.builder().setSpec(DetectorSpec.of(baselineSpec()))
                    .setTrainData(train).optValData(val).optIterations(200).optBatchSize(8).optLearningRate(0.01f, 20).optSeed(0)
                    .optRunDirectory(runDir.resolve("baseline")).addTrainingListener(TrainingListener.progressBar()).build();
            base = t.train(m);
            long baseParams = FadSpecs.headCost(((org.nas4det.core.detect.FcosHead) t.detector().head()).towers(), 32, 5,
                    new ai.djl.ndarray.types.Shape(3, 64, 64)).params();
            System.out.printf(Locale.ROOT, "%-22s %10s %8s %8s%n", "head", "params", "AP", "AP50");
            System.out.printf(Locale.ROOT, "%-22s %,10d %8.4f %8.4f%n", "FAD (derived, 2 cells)", r.cost().params(),
                    r.metrics().getOrDefault("AP", Double.NaN), r.metrics().getOrDefault("AP50", Double.NaN));
            System.out.printf(Locale.ROOT, "%-22s %,10d %8.4f %8.4f%n", "FCOS (4 convs/tower)", baseParams, base.stat("AP"),
                    base.stat("AP50"));
        }
    }

    private static JsonObject baselineSpec() {
        JsonObject backbone = new JsonObject();
        backbone.addProperty("type", "resnet");
        backbone.addProperty("depth", 18);
        backbone.addProperty("stem_width", 16);
        JsonObject spec = new JsonObject();
        spec.addProperty("head", "fcos");
        spec.add("backbone", backbone);
        spec.addProperty("channels", 32);
        spec.addProperty("tower_depth", 4);
        spec.addProperty("input_size", 64);
        return spec;
    }
}
