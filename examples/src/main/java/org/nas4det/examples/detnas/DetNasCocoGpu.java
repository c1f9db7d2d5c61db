package org.nas4det.examples.detnas;

import java.nio.file.Path;
import java.util.Locale;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.SearchListener;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.detnas.DetNas;
import org.nas4det.detnas.DetNasResult;
import org.nas4det.detnas.DetNasSpace;
import org.nas4det.detnas.SupernetTraining;

/**
 * The paper-scale DetNAS run (design/detnas.md sections 2 and 3) for a GPU: the small "300M"
 * space, ImageNet pre-training of the supernet (300k iterations of 1024 images at 224, SGD 0.5
 * linearly decayed, label smoothing 0.1), COCO fine-tuning with an FCOS head (90k iterations of
 * 16 images at 800, the 1x step schedule), 5 % of train2017 held out for the search, evolution
 * with population 50, top 10, 20 mutants and 20 crossovers for 20 generations under backbone
 * conv MACs at 224 at most 300e6, BN recalibrated on 500 training images per candidate. The run
 * resumes where it stopped when started again with the same arguments.
 *
 * <p>Needs a CUDA build ({@code mvn -Dcuda package}, see the README) and days of GPU time; it is
 * documented here and not run by the tests. Batch 1024 at 224 fits an 80 GB GPU for the small
 * space; lower {@code optBatchSize} and the learning rate with it on smaller ones.
 *
 * <pre>{@code
 * java -cp examples/target/nas.jar org.nas4det.examples.detnas.DetNasCocoGpu \
 *     /data/imagenet/train /data/coco runs/detnas-coco
 * }</pre>
 */
public final class DetNasCocoGpu {

    private DetNasCocoGpu() {}

    /**
     * Runs the example.
     *
     * @param args ImageNet-style train folder (one folder per class), COCO root (with
     *     {@code annotations/instances_train2017.json} and {@code train2017/}), run directory
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: DetNasCocoGpu IMAGENET_TRAIN_DIR COCO_ROOT RUN_DIR");
            System.exit(2);
        }
        EngineSettings.defaults().apply();
        Path coco = Path.of(args[1]);
        DetNasResult r = DetNas.paper()
                .optSpace(DetNasSpace.small())
                .optClassificationData(Path.of(args[0]))
                .optDetectionData(coco.resolve("annotations/instances_train2017.json"), coco.resolve("train2017"))
                .optHoldoutFraction(0.05)
                .optHead("fcos")
                .optHeadChannels(256)
                .optTowerDepth(4)
                .optPretraining(SupernetTraining.paperPretraining().optCheckpointEvery(5000).build())
                .optFinetuning(SupernetTraining.paperFinetuning().optCheckpointEvery(2000).build())
                .optConstraints(DetNas.paperConstraint())
                .optRunDirectory(Path.of(args[2]))
                .optResume(true)
                .addListener(SearchListener.progressBar())
                .addTrainingListener(TrainingListener.progressBar())
                .build()
                .run();
        System.out.printf(Locale.ROOT, "best subnet %s: held-out AP %.4f; exported to %s (retrain it with `nas train --init`)%n",
                r.best().encode(), r.bestCandidate().evaluation().metric("mAP"), r.detectorDirectory());
    }
}
