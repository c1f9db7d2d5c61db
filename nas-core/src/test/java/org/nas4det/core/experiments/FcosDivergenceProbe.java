package org.nas4det.core.experiments;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Locale;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingStep;

/**
 * A manual probe (not a test): resumes a detector training from a copied checkpoint folder
 * ({@code OUT/checkpoints}) and prints every step's losses and gradient norm up to a stop iteration,
 * to see what happens before a divergence. Arguments: spec.json data-dir out-dir iterations lr
 * warmup stop [threads].
 */
public final class FcosDivergenceProbe {
    public static void main(String[] a) {
        EngineSettings.defaults().threads(a.length > 7 ? Integer.parseInt(a[7]) : 2).apply();
        DetectorSpec spec = DetectorSpec.read(Path.of(a[0]));
        Path data = Path.of(a[1]);
        DetectionData train = CocoData.reader().read(data.resolve("annotations/instances_train.json"), data.resolve("train"));
        int stop = Integer.parseInt(a[6]);
        TrainingListener print = new TrainingListener() {
            @Override
            public void onStep(TrainingStep s) {
                System.out.printf(Locale.ROOT, "it %d lr %.5f grad %.4g %s%n", s.iteration(), s.learningRate(), s.gradientNorm(), s.losses());
                if (s.iteration() + 1 >= stop) {
                    throw new IllegalStateException("probe stop at " + stop);
                }
            }
        };
        try (NDManager m = NDManager.newBaseManager()) {
            DetectorTrainer.builder().setSpec(spec).setTrainData(train).optIterations(Integer.parseInt(a[3]))
                    .optBatchSize(8).optLearningRate(Float.parseFloat(a[4]), Integer.parseInt(a[5])).optSeed(0)
                    .optRunDirectory(Path.of(a[2])).optCheckpointEvery(100000).addTrainingListener(print).build().train(m);
        }
    }
}
