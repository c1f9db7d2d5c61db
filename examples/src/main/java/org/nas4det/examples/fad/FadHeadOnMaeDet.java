package org.nas4det.examples.fad;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.fad.FadSpecs;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetSpace;

/**
 * A combination no reference code offers: a MAE-DET backbone (the tiny seed structure) under a
 * FAD head (the paper's searched genotypes, or a genotype file), trained briefly on the shapes data
 * and evaluated. The detector is saved with its spec, so {@code nas eval --model} reloads it.
 *
 * <pre>{@code java -cp examples/target/nas.jar org.nas4det.examples.fad.FadHeadOnMaeDet [GENOTYPE_FILE] [RUN_DIR]}</pre>
 */
public final class FadHeadOnMaeDet {

    private FadHeadOnMaeDet() {}

    /**
     * Runs the example.
     *
     * @param args optional genotype file and run directory
     */
    public static void main(String[] args) {
        EngineSettings.defaults().apply();
        FadGenotypes g = args.length > 0 && !args[0].isEmpty() ? FadGenotypes.read(Path.of(args[0])) : FadGenotypes.PAPER;
        Path runDir = Path.of(args.length > 1 ? args[1] : "runs/fad-on-maedet");
        JsonObject spec = new JsonObject();
        spec.addProperty("head", "fcos");
        spec.add("backbone", MaeDet.backboneSpec(MaeDetSpace.tinyR50()));
        spec.addProperty("channels", 32);
        spec.add("towers", FadSpecs.towersSpec(g, 32, 2, false));
        spec.addProperty("input_size", 64);
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(96).valImages(24).holdoutImages(1).seed(0).build()
                .ensureDetection(runDir.resolve("data/shapes"));
        DetectionData train = CocoData.reader().read(l.annotations("train"), l.images("train"));
        DetectionData val = CocoData.reader().read(l.annotations("val"), l.images("val"));
        try (NDManager m = NDManager.newBaseManager()) {
            DetectorTrainer t = DetectorTrainer.builder().setSpec(DetectorSpec.of(spec)).setTrainData(train).optValData(val)
                    .optIterations(200).optBatchSize(8).optLearningRate(0.01f, 20).optSeed(0).optRunDirectory(runDir)
                    .addTrainingListener(TrainingListener.progressBar()).build();
            CocoMetrics metrics = t.train(m);
            System.out.printf(Locale.ROOT, "MAE-DET tiny seed + FAD head: %,d params (whole detector), AP %.4f, AP50 %.4f; model in %s%n",
                    org.nas4det.core.cost.CostModel.count(t.detector(), new Shape(1, 3, 64, 64)).params(), metrics.stat("AP"),
                    metrics.stat("AP50"), runDir.resolve("model"));
        }
    }
}
