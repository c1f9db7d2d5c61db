package org.nas4det.examples.fad;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.fad.Fad;
import org.nas4det.fad.FadResult;

/**
 * FAD at paper scale (spec §3), for a GPU; not run in CI. The search uses the release's settings
 * (17,500 iterations at batch 4, images 416, SGD 0.004 with biases at 2x, Adam 3e-4 on the alphas,
 * C = 96, 1 cell per subnet) on a search set split 50/50 by image (the release used VOC
 * trainval with no split); the final FCOS detector (2 cells per subnet, R-50, 90k iterations at
 * batch 16, images 800) trains on COCO train2017 and is evaluated on val2017.
 *
 * <p>Data: {@code SEARCH_DIR} and {@code COCO_DIR} are COCO-format folders
 * ({@code annotations/instances_train.json} + {@code train/}, and {@code _val} + {@code val/}).
 * The search data sizes the classifier (20 classes on VOC: a search-only run with
 * {@code optFinalIterations(0)} on VOC, then {@code nas train} on COCO with the printed spec, is
 * the faithful two-step protocol; this main runs both steps on one data set for simplicity).
 *
 * <pre>{@code mvn -Pcuda -DskipTests package
 * java -cp examples/target/nas.jar org.nas4det.examples.fad.FadCocoGpu /data/coco runs/fad-coco}</pre>
 */
public final class FadCocoGpu {

    private FadCocoGpu() {}

    /**
     * Runs the example.
     *
     * @param args COCO_DIR [RUN_DIR]
     */
    public static void main(String[] args) {
        EngineSettings.defaults().apply();
        Path coco = Path.of(args[0]);
        Path runDir = Path.of(args.length > 1 ? args[1] : "runs/fad-coco");
        DetectionData train = CocoData.reader().read(coco.resolve("annotations/instances_train.json"), coco.resolve("train"));
        DetectionData val = CocoData.reader().read(coco.resolve("annotations/instances_val.json"), coco.resolve("val"));
        JsonObject r50 = new JsonObject();
        r50.addProperty("type", "resnet");
        r50.addProperty("depth", 50);
        FadResult r = Fad.paper().optBackbone(r50).optDetectionData(train).optValData(val).optImageSize(416).optFinalImageSize(800)
                .optRunDirectory(runDir).optResume(true).addTrainingListener(TrainingListener.progressBar()).build().run();
        System.out.print(r.best().encode());
        System.out.println("final detector: " + r.metrics() + " in " + r.detectorDirectory());
    }
}
