package org.nas4det.examples.spnas;

import java.nio.file.Path;
import java.util.Locale;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.SearchListener;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.SpNasResult;

/**
 * SP-NAS at the paper's scale (not run in CI; needs a GPU build, {@code -Pcuda}, and days): the
 * ResNet-50 code with bottleneck blocks as the seed, 20 serial candidates of 3 COCO epochs each
 * (batch 4, lr 0.02), reignition on an ImageNet-style folder (20 epochs at batch 128), 10
 * parallel candidates, 24 epochs of final training, Faster R-CNN (the reference detector, FPN on
 * every stage) at 800 px. 5% of the training images are held out for scoring candidates.
 *
 * <pre>{@code java -cp examples/target/nas.jar org.nas4det.examples.spnas.SpNasCocoGpu COCO_DIR IMAGENET_TRAIN_DIR [RUN_DIR]}</pre>
 */
public final class SpNasCocoGpu {

    private SpNasCocoGpu() {}

    /**
     * Runs the example.
     *
     * @param args COCO root (annotations/instances_train2017.json, train2017/), the
     *     classification folder, optional run directory (default runs/spnas-coco)
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SpNasCocoGpu COCO_DIR IMAGENET_TRAIN_DIR [RUN_DIR]");
            System.exit(2);
        }
        EngineSettings.defaults().apply();
        Path coco = Path.of(args[0]);
        SpNasResult r = SpNas.paper()
                .optDetectionData(coco.resolve("annotations/instances_train2017.json"), coco.resolve("train2017"))
                .optClassificationData(Path.of(args[1]))
                .optRunDirectory(Path.of(args.length > 2 ? args[2] : "runs/spnas-coco"))
                .optResume(true)                      // a rerun continues where it stopped
                .optSeed(0)
                .addListener(SearchListener.progressBar())
                .addTrainingListener(TrainingListener.progressBar())
                .build()
                .run();
        System.out.printf(Locale.ROOT, "final architecture %s: held-out mAP %.2f, backbone params %,d%n",
                r.best().encode(), r.finalMap(), r.cost().params());
    }
}
