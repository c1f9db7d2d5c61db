package org.nas4det.core.experiments;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.eval.DatasetEvaluation;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.core.train.DatasetBatches;
import org.nas4det.core.train.LearningRateSchedule;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingLoop;

/** A manual probe (not a test): times FCOS training on the shapes at a given setting. */
public final class FcosShapesProbe {
    public static void main(String[] a) {
        EngineSettings.defaults().threads(2).apply();
        int iters = Integer.parseInt(a[0]);
        int width = Integer.parseInt(a[1]);
        int ch = Integer.parseInt(a[2]);
        float lr = Float.parseFloat(a[3]);
        int images = Integer.parseInt(a[4]);
        ShapesLayout l = SyntheticShapes.builder().imageSize(128).trainImages(images).valImages(50).holdoutImages(10).seed(0).build()
                .ensureDetection(Path.of("/tmp/shapes128-" + images));
        DetectionDataset train = DetectionDataset.builder().setData(CocoData.reader().read(l.annotations("train"), l.images("train")))
                .optTransforms(DetectionDataset.trainTransforms(128, 128)).setSampling(8, true).build();
        DetectionDataset val = DetectionDataset.builder().setData(CocoData.reader().read(l.annotations("val"), l.images("val")))
                .optTransforms(DetectionDataset.evalTransforms(128, 128)).setSampling(16, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            Detector d = (System.getProperty("head", "fcos").equals("retinanet") ? Detector.retinanet(ResNets.scaled(18, width, 3, 4, 5), 5) : Detector.fcos(ResNets.scaled(18, width, 3, 4, 5), 5)).optChannels(ch).optTowerDepth(2).build();
            d.initialize(m, DataType.FLOAT32, new Shape(8, 3, 128, 128));
            ParameterStore ps = new ParameterStore(m, false);
            CocoMetrics before = DatasetEvaluation.evaluate((x, t) -> d.predict(ps, x, t), val, m);
            long t0 = System.nanoTime();
            TrainingLoop.builder().setBlock(d).setObjective((p, x, y) -> d.losses(p, x.head(), y))
                    .setData(DatasetBatches.of(train, 8, 0))
                    .setSchedule(LearningRateSchedule.cosine(lr, iters).warmup(Math.min(100, iters / 5), 0.1f, false))
                    .setIterations(iters).optClipNorm(10f).addTrainingListener(TrainingListener.progressBar()).build().run(m);
            double secs = (System.nanoTime() - t0) / 1e9;
            CocoMetrics after = DatasetEvaluation.evaluate((x, t) -> d.predict(ps, x, t), val, m);
            System.out.printf(System.getProperty("head", "fcos") + " iters %d width %d ch %d lr %.3f: %.1fs (%.3f s/it) AP50 before %.4f after %.4f AP %.4f%n",
                    iters, width, ch, lr, secs, secs / iters, before.stat("AP50"), after.stat("AP50"), after.stat("AP"));
        }
    }
}
