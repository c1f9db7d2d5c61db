package org.nas4det.examples.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4det.core.data.BadRecordPolicy;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas train}: trains a detector from a saved architecture on a COCO-format folder. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Trains a detector described by an architecture JSON on a COCO-format folder"
                + " (annotations/instances_<split>.json + <split>/ images), then evaluates it.")
final class TrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--arch", required = true, description = "detector architecture JSON (head, backbone, channels, input_size)")
    Path arch;

    @Option(names = "--init", description = "start from the weights of a saved detector folder (e.g. a search's best_detector/)")
    Path init;

    @Option(names = "--data", required = true, description = "COCO-format folder")
    Path data;

    @Option(names = "--train-split", defaultValue = "train", description = "training split (default ${DEFAULT-VALUE})")
    String trainSplit;

    @Option(names = "--val-split", defaultValue = "val", description = "validation split (default ${DEFAULT-VALUE}); 'none' to skip")
    String valSplit;

    @Option(names = "--iterations", converter = OptionValues.Positive.class, defaultValue = "1000", description = "iterations (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--batch", converter = OptionValues.Positive.class, defaultValue = "8", description = "images per batch (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", converter = OptionValues.PositiveFloat.class, defaultValue = "0.01", description = "base learning rate (default ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--warmup", converter = OptionValues.NonNegative.class, defaultValue = "100", description = "linear warm-up iterations (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--eval-every", converter = OptionValues.NonNegative.class, defaultValue = "0", description = "evaluate every N iterations (default: at the end only)")
    int evalEvery;

    @Option(names = "--checkpoint-every", converter = OptionValues.Positive.class, defaultValue = "200", description = "checkpoint interval (default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--out", defaultValue = "runs/train", description = "output folder: checkpoints/, model/ (default ${DEFAULT-VALUE})")
    Path out;

    @Mixin SeedOption seed;

    @Option(names = "--skip-bad", description = "skip bad annotation records (logged) instead of failing")
    boolean skipBad;

    @Mixin JsonOption json;

    @Override
    public Integer call() {
        OutputPaths.directory("--out", out);
        DetectorSpec detector = DetectorSpec.read(arch);
        CocoData reader = CocoData.reader().optPolicy(skipBad ? BadRecordPolicy.SKIP : BadRecordPolicy.FAIL);
        DetectionData train = reader.read(data.resolve("annotations/instances_" + trainSplit + ".json"), data.resolve(trainSplit));
        DetectionData val = valSplit.equals("none") ? null
                : reader.read(data.resolve("annotations/instances_" + valSplit + ".json"), data.resolve(valSplit));
        try (NDManager m = NDManager.newBaseManager()) {
            CocoMetrics metrics = DetectorTrainer.builder().setSpec(detector).setTrainData(train).optValData(val).optInitialWeights(init)
                    .optIterations(iterations).optBatchSize(batch).optLearningRate(lr, warmup).optSeed(seed.seed)
                    .optRunDirectory(out).optEvaluateEvery(evalEvery).optCheckpointEvery(checkpointEvery)
                    .addTrainingListener(TrainingListener.progressBar()).build().train(m);
            var o = spec.commandLine().getOut();
            JsonObject result = metrics == null ? new JsonObject() : metrics.toJson();
            result.addProperty("model", out.resolve("model").toString());
            if (json.json) {
                o.println(JsonOutput.text(result));
            } else {
                if (metrics != null) {
                    o.print(metrics.summary());
                }
                o.println("model written to " + out.resolve("model"));
            }
            o.flush();
        }
        return 0;
    }
}
