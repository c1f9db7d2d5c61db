package org.nas4det.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nas4det.core.nn.GlobalAvgPool;
import org.nas4det.core.random.SeededRandom;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.LearningRateSchedule;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingLoop;
import org.nas4det.core.train.TrainingStep;
import org.nas4det.detnas.DetNasArch;
import org.nas4det.detnas.DetNasSpace;
import org.nas4det.detnas.DetNasSupernet;

/**
 * BENCHMARKS.md {@code detnas-step}: one supernet training step of the small space (MMRazor
 * blocks), batch 16 of 3x128x128 N(0,1) inputs, labels uniform in [0, 10), head GAP + Linear(640
 * → 10, bias); forward of one path, cross-entropy, backward, SGD (lr 0.05, momentum 0.9, weight
 * decay 4e-5) on that path's parameters (and the head's) only.
 */
final class DetNasStepBench {

    private DetNasStepBench() {}

    static JsonObject run(int warmup, int iters) {
        JsonObject o = new JsonObject();
        o.addProperty("workload", "detnas-step");
        o.addProperty("space", "small");
        o.addProperty("batch", 16);
        o.addProperty("input", "3x128x128");
        RepetitionClock random = new RepetitionClock(warmup, iters);
        BenchCommand.timings(o, "ms_random_path", time(warmup, iters, false, random), iters, warmup);
        RepetitionClock fixed = new RepetitionClock(warmup, iters);
        BenchCommand.timings(o, "ms_fixed_path", time(warmup, iters, true, fixed), iters, warmup);
        random.put(o, "ms_random_path");
        fixed.put(o, "ms_fixed_path");
        return o;
    }

    private static double[] time(int warmup, int iters, boolean fixed, RepetitionClock cpu) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            DetNasSpace space = DetNasSpace.small();
            DetNasSupernet supernet = DetNasSupernet.of(space);
            Shape in = new Shape(16, 3, 128, 128);
            supernet.block().initialize(m, DataType.FLOAT32, in);
            SequentialBlock head = new SequentialBlock().add(new GlobalAvgPool()).add(Linear.builder().setUnits(10).build());
            head.initialize(m, DataType.FLOAT32, new Shape(16, 640, 4, 4));
            List<Parameter> headParams = new ArrayList<>();
            for (Pair<String, Parameter> p : head.getParameters()) {
                headParams.add(p.getValue());
            }
            int total = warmup + iters;
            List<DetNasArch> paths = new ArrayList<>();
            SeededRandom rng = new SeededRandom(0);
            for (int i = 0; i < total; i++) {
                paths.add(fixed ? new DetNasArch(new int[space.blocks()]) : space.sample(rng));
            }
            BatchSource data = new BatchSource() {
                @Override
                public NDList[] batch(NDManager sm, int it) {
                    NDArray x = sm.randomNormal(in);
                    NDArray y = sm.randomInteger(0, 10, new Shape(16), DataType.INT64).toType(DataType.FLOAT32, false);
                    return new NDList[] {new NDList(x), new NDList(y)};
                }

                @Override
                public int batchSize() {
                    return 16;
                }
            };
            Loss ce = Loss.softmaxCrossEntropyLoss();
            double[] ms = new double[iters];
            TrainingLoop.builder().setBlock(new SequentialBlock().add(supernet.block()).add(head))
                    .setObjective((ps, x, y) -> {
                        NDArray c5 = supernet.block().forward(ps, x, true).get(3);
                        return Map.of("loss", ce.evaluate(y, head.forward(ps, new NDList(c5), true)));
                    })
                    .setData(data)
                    .setSchedule(LearningRateSchedule.steps(0.05f, total)).setIterations(total).optSgd(0.9f, 4e-5f)
                    .optBeforeStep(it -> supernet.activate(paths.get(it)))
                    .optParameterSelector(it -> {
                        List<Parameter> p = new ArrayList<>(supernet.pathParameters(paths.get(it)));
                        p.addAll(headParams);
                        return p;
                    })
                    .optSelectorCoversForward(true)
                    .addTrainingListener(new TrainingListener() {
                        @Override
                        public void onStart(int start, int iterations) {
                            cpu.start();
                        }

                        @Override
                        public void onStep(TrainingStep step) {
                            cpu.lap(step.iteration());
                            if (step.iteration() >= warmup) {
                                ms[step.iteration() - warmup] = step.seconds() * 1000;
                            }
                        }
                    }).build().run(m);
            return ms;
        }
    }
}
