package org.nas4det.examples.detnas;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Locale;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.SearchListener;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.detnas.DetNas;
import org.nas4det.detnas.DetNasResult;

/**
 * DetNAS end to end on the synthetic shapes, sized for 2 CPU cores (about 6 minutes): supernet
 * pre-training on the shapes classification set, single-path FCOS fine-tuning, evolution under
 * the paper's constraint (backbone conv MACs at 224 at most 300e6), export; then the exported
 * best subnet, weights and all, is trained briefly on its own and evaluated on the validation
 * split, which neither the supernet nor the search has seen.
 *
 * <pre>{@code java -cp examples/target/nas.jar org.nas4det.examples.detnas.DetNasShapesCpu [RUN_DIR]}</pre>
 */
public final class DetNasShapesCpu {

    private DetNasShapesCpu() {}

    /**
     * Runs the example.
     *
     * @param args optional run directory (default runs/detnas-shapes)
     */
    public static void main(String[] args) {
        EngineSettings.defaults().apply();
        Path runDir = Path.of(args.length > 0 ? args[0] : "runs/detnas-shapes");
        DetNasResult r = DetNas.cpu()
                .optRunDirectory(runDir)
                .optResume(true)
                .addListener(SearchListener.progressBar())
                .addTrainingListener(TrainingListener.progressBar())
                .build()
                .run();
        System.out.printf(Locale.ROOT, "best subnet %s: held-out AP %.4f, backbone conv MACs %,d%n",
                r.best().encode(), r.bestCandidate().evaluation().metric("mAP"), r.cost().convMacs());

        // Retrain the exported subnet (starting from the supernet's weights) and report AP on the
        // validation split: the number a user would quote, from images the search never scored.
        Path shapes = runDir.resolve("data/shapes");
        CocoData reader = CocoData.reader();
        DetectionData train = reader.read(shapes.resolve("annotations/instances_train.json"), shapes.resolve("train"));
        DetectionData val = reader.read(shapes.resolve("annotations/instances_val.json"), shapes.resolve("val"));
        try (NDManager m = NDManager.newBaseManager()) {
            SavedDetector exported = SavedDetector.load(r.detectorDirectory(), m);
            CocoMetrics metrics = DetectorTrainer.builder().setSpec(exported.spec()).setTrainData(train).optValData(val)
                    .optInitialWeights(r.detectorDirectory()).optIterations(300).optBatchSize(8).optSeed(0)
                    .optRunDirectory(runDir.resolve("retrain")).addTrainingListener(TrainingListener.progressBar()).build().train(m);
            System.out.printf(Locale.ROOT, "retrained best subnet on the validation split: AP %.4f, AP50 %.4f%n",
                    metrics.stat("AP"), metrics.stat("AP50"));
        }
    }
}
