package org.nas4det.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import org.nas4det.core.data.DetectionTargets;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.LearningRateSchedule;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingLoop;
import org.nas4det.core.train.TrainingStep;

/**
 * The detector step workloads of BENCHMARKS.md ({@code fcos-step}, {@code frcnn-step},
 * {@code gfl-step}): a batch of 2 N(0,1) images 3x320x320 with 3 boxes each. One training step
 * through the real training loop (forward with losses, backward, SGD lr 0.01 momentum 0.9 wd 1e-4)
 * and one inference pass (eval mode, decode, NMS).
 */
final class DetectorStepBench {

    private DetectorStepBench() {}

    /**
     * Times one detector's training step and inference on the fixed batch.
     *
     * @param workload the workload's name
     * @param detector builds the (uninitialised) detector, after the engine is seeded
     * @param classes the class indices of the six boxes (3 per image)
     * @param classesReported the number of classes the workload states
     * @param warmup untimed repetitions
     * @param iters timed repetitions
     * @return the JSON line
     */
    static JsonObject run(String workload, java.util.function.Supplier<Detector> detector, int[] classes, int classesReported,
            int warmup, int iters) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            Detector d = detector.get();
            Shape in = new Shape(2, 3, 320, 320);
            d.initialize(m, DataType.FLOAT32, in);
            BatchSource batch = new BatchSource() {
                @Override
                public NDList[] batch(NDManager sm, int iteration) {
                    NDArray x = sm.randomNormal(in);
                    float[] boxes = {20, 30, 120, 150, 150, 40, 300, 200, 60, 180, 160, 310,
                        10, 10, 90, 70, 100, 120, 260, 300, 200, 20, 310, 110};
                    float[] info = {320, 320, 1, 1, 320, 320, 320, 320, 1, 1, 320, 320};
                    NDList y = new NDList(sm.create(boxes, new Shape(2, 3, 4)), sm.create(classes, new Shape(2, 3)),
                            sm.create(info, new Shape(2, DetectionTargets.INFO_SIZE)), sm.create(new long[] {1, 2}));
                    return new NDList[] {new NDList(x), y};
                }

                @Override
                public int batchSize() {
                    return 2;
                }
            };
            double[] train = new double[iters];
            RepetitionClock trainCpu = new RepetitionClock(warmup, iters);
            int total = warmup + iters;
            TrainingLoop.builder().setBlock(d).setObjective((ps, x, y) -> d.losses(ps, x.head(), y)).setData(batch)
                    .setSchedule(LearningRateSchedule.steps(0.01f, total)).setIterations(total).optSgd(0.9f, 1e-4f)
                    .addTrainingListener(new TrainingListener() {
                        @Override
                        public void onStart(int start, int iterations) {
                            trainCpu.start();
                        }

                        @Override
                        public void onStep(TrainingStep step) {
                            trainCpu.lap(step.iteration());
                            if (step.iteration() >= warmup) {
                                train[step.iteration() - warmup] = step.seconds() * 1000;
                            }
                        }
                    }).build().run(m);
            double[] infer = new double[iters];
            RepetitionClock inferCpu = new RepetitionClock(warmup, iters);
            ParameterStore ps = new ParameterStore(m, false);
            for (int i = 0; i < total; i++) {
                try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
                    scope.suppressNotUsedWarning();
                    NDList[] b = batch.batch(sm, i);
                    long t0 = System.nanoTime();
                    inferCpu.start();
                    d.predict(ps, b[0].head(), b[1]);
                    inferCpu.lap(i);
                    if (i >= warmup) {
                        infer[i - warmup] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            JsonObject o = new JsonObject();
            o.addProperty("workload", workload);
            o.addProperty("backbone", "resnet18");
            o.addProperty("batch", 2);
            o.addProperty("input", "3x320x320");
            o.addProperty("classes", classesReported);
            BenchCommand.timings(o, "ms_train_step", train, iters, warmup);
            BenchCommand.timings(o, "ms_inference", infer, iters, warmup);
            trainCpu.put(o, "ms_train_step");
            inferCpu.put(o, "ms_inference");
            return o;
        }
    }
}
