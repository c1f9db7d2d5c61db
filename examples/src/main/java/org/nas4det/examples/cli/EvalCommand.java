package org.nas4det.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.eval.CocoEvaluator;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.eval.CocoResults;
import org.nas4det.core.eval.DatasetEvaluation;
import org.nas4det.core.eval.ImageDetections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas eval}: evaluates a saved detector on a COCO-format folder. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluates a saved detector (model folder from 'train') on a COCO-format folder.")
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "model folder (detector.json + detector.params)")
    Path model;

    @Option(names = "--data", required = true, description = "COCO-format folder")
    Path data;

    @Option(names = "--split", defaultValue = "val", description = "split to evaluate (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--results", description = "also write the detections as a COCO result file")
    Path results;

    @Mixin JsonOption json;

    @Override
    public Integer call() {
        if (results != null) {
            OutputPaths.file("--results", results);
        }
        DetectionData d = CocoData.reader().read(data.resolve("annotations/instances_" + split + ".json"), data.resolve(split));
        try (NDManager m = NDManager.newBaseManager()) {
            SavedDetector saved = SavedDetector.load(model, m);
            if (!java.util.Arrays.equals(saved.categories().ids(), d.categories().ids())) {
                throw new IllegalArgumentException("the model predicts categories " + java.util.Arrays.toString(saved.categories().ids())
                        + " but " + data + " has " + java.util.Arrays.toString(d.categories().ids()));
            }
            int size = saved.spec().inputSize();
            DetectionDataset ds = DetectionDataset.builder().setData(d)
                    .optTransforms(DetectionDataset.evalTransforms(size, size)).setSampling(8, false).build();
            ParameterStore ps = new ParameterStore(m, false);
            List<ImageDetections> dets = DatasetEvaluation.predict((x, t) -> saved.detector().predict(ps, x, t), ds, m);
            if (results != null) {
                CocoResults.write(results, dets, d.categories());
            }
            CocoMetrics metrics = CocoEvaluator.evaluate(CocoResults.groundTruth(d), CocoResults.toBoxDetections(dets, d.categories()));
            var o = spec.commandLine().getOut();
            o.print(json.json ? JsonOutput.text(metrics.toJson()) + "\n" : metrics.summary());
            o.flush();
        }
        return 0;
    }
}
