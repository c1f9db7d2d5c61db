package org.nas4det.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.Seeds;
import org.nas4det.core.io.RunDirectoryConflictException;

class TrainingLoopTest {

    private static SequentialBlock initialised(NDManager m, long seed) {
        Seeds.seedEngine(seed, 0);
        SequentialBlock net = TinyTask.net();
        net.initialize(m, DataType.FLOAT32, new Shape(4, 3, 8, 8));
        return net;
    }

    /** The trainable parameters (BN running statistics move in every forward, skipped step or not). */
    private static List<float[]> trainable(SequentialBlock net) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    private static List<float[]> weights(SequentialBlock net) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static TrainingLoop.Builder loop(SequentialBlock net, int iterations) {
        return TrainingLoop.builder().setBlock(net).setObjective(TinyTask.objective(net)).setData(TinyTask.data(4))
                .setSchedule(LearningRateSchedule.cosine(0.1f, iterations).warmup(3, 0.1f, false))
                .setIterations(iterations).optSgd(0.9f, 1e-3f).optSeed(5);
    }

    @Test
    void sgdFollowsPyTorchsMomentumAndWeightDecay() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(m.create(new float[] {1f}));
            p.getArray().setRequiresGradient(true);
            SgdOptimizer sgd = new SgdOptimizer(0.9f, 0.1f, false, 0, m);
            float w = 1f;
            float buf = 0;
            for (int step = 0; step < 3; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(p.getArray().square().mul(0.5f)); // grad = w
                }
                sgd.step(List.of(p), 0.5f);
                sgd.zeroGradients(List.of(p));
                float g = w + 0.1f * w;
                buf = step == 0 ? g : 0.9f * buf + g;
                w -= 0.5f * buf;
                assertThat(p.getArray().getFloat()).isCloseTo(w, offset(1e-6f));
            }
        }
    }

    @Test
    void sgdFollowsPyTorchUnderAChangingRateWithClippingAndWithoutDecayForNormParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            w.setArray(m.create(new float[] {1f, -2f}));
            Parameter gamma = Parameter.builder().setName("g").setType(Parameter.Type.GAMMA).build();
            gamma.setArray(m.create(new float[] {0.5f}));
            List<Parameter> ps = List.of(w, gamma);
            ps.forEach(p -> p.getArray().setRequiresGradient(true));
            SgdOptimizer sgd = new SgdOptimizer(0.9f, 0.1f, true, 2f, m);
            double[] x = {1, -2, 0.5};
            double[] buf = new double[3];
            float[] rates = {0.5f, 0.25f, 0.4f, 0f, 0.3f}; // a zero rate still moves the momentum
            for (int step = 0; step < rates.length; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // loss = 1.5·(w·w) + 1.5·gamma²: grad = 3·x, norm above the clip of 2
                    gc.backward(w.getArray().square().sum().add(gamma.getArray().square().sum()).mul(1.5f));
                }
                sgd.step(ps, rates[step]);
                sgd.zeroGradients(ps);
                double norm = 0;
                for (double v : x) {
                    norm += 9 * v * v;
                }
                double clip = Math.sqrt(norm) > 2 ? 2 / (Math.sqrt(norm) + 1e-6) : 1;
                for (int i = 0; i < 3; i++) {
                    double g = 3 * x[i] * clip + (i < 2 ? 0.1 * x[i] : 0); // gamma: no weight decay
                    buf[i] = step == 0 ? g : 0.9 * buf[i] + g;
                    x[i] -= rates[step] * buf[i];
                }
                float[] got = {w.getArray().toFloatArray()[0], w.getArray().toFloatArray()[1], gamma.getArray().getFloat()};
                for (int i = 0; i < 3; i++) {
                    assertThat((double) got[i]).as("step %d value %d", step, i).isCloseTo(x[i], offset(1e-5));
                }
            }
        }
    }

    @Test
    void parametersOutsideTheSelectionDoNotMoveAtAll() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 1);
            List<Parameter> all = new ArrayList<>();
            net.getParameters().forEach(p -> all.add(p.getValue()));
            // Only the linear layer is updated; the conv and BN gamma/beta get gradients but must not move.
            List<Parameter> head = new ArrayList<>();
            List<float[]> frozenBefore = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getKey().contains("Linear")) {
                    head.add(p.getValue());
                } else if (p.getValue().requiresGradient()) {
                    frozenBefore.add(p.getValue().getArray().toFloatArray());
                }
            }
            float[] headBefore = head.get(0).getArray().toFloatArray();
            loop(net, 6).optParameterSelector(it -> head).build().run(m);
            int k = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (!p.getKey().contains("Linear") && p.getValue().requiresGradient()) {
                    assertThat(p.getValue().getArray().toFloatArray()).as(p.getKey()).containsExactly(frozenBefore.get(k++));
                }
            }
            assertThat(head.get(0).getArray().toFloatArray()).isNotEqualTo(headBefore);
        }
    }

    @Test
    void resumingFromACheckpointGivesBitIdenticalWeights(@TempDir Path tmp) {
        List<float[]> straight;
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            loop(net, 8).optRunDirectory(tmp.resolve("a")).optCheckpointEvery(4).build().run(m);
            straight = weights(net);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            assertThatThrownBy(() -> loop(net, 8).optRunDirectory(tmp.resolve("b")).optCheckpointEvery(3).addTrainingListener(killedIn(4))
                    .build().run(m)).hasMessage("killed");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            // A new process would start from fresh weights; the checkpoint (iteration 3) replaces them.
            SequentialBlock net = initialised(m, 99);
            List<NDArray> fresh = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                fresh.add(p.getValue().getArray());
            }
            int[] first = {-1};
            loop(net, 8).optRunDirectory(tmp.resolve("b")).optCheckpointEvery(3).addTrainingListener(new TrainingListener() {
                @Override
                public void onStart(int start, int total) {
                    first[0] = start;
                }
            }).build().run(m);
            assertThat(first[0]).isEqualTo(3);
            // The fresh weights the checkpoint replaced are closed, not kept beside the loaded ones.
            assertThat(fresh).allMatch(NDArray::isReleased);
            List<float[]> resumed = weights(net);
            for (int i = 0; i < straight.size(); i++) {
                assertThat(resumed.get(i)).containsExactly(straight.get(i));
            }
        }
    }

    @Test
    void aNonFiniteLossStopsWithTheIterationAndTheLosses() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 3);
            TrainingLoop.Objective nanLater = (ps, data, labels) -> {
                NDArray out = net.forward(ps, data, true).head();
                NDArray loss = out.mean();
                return Map.of("loss_x", loss.div(0f).mul(0f)); // ±inf · 0 = NaN
            };
            assertThatThrownBy(() -> loop(net, 5).setObjective(nanLater).build().run(m))
                    .isInstanceOf(NonFiniteLossException.class)
                    .hasMessageContaining("iteration 0")
                    .hasMessageContaining("loss_x is NaN");
        }
    }

    /** Stops a training as a kill would, in the given iteration (after the checkpoints before it). */
    private static TrainingListener killedIn(int iteration) {
        return new TrainingListener() {
            @Override
            public void onStep(TrainingStep step) {
                if (step.iteration() == iteration) {
                    throw new IllegalStateException("killed");
                }
            }
        };
    }

    /** The objective's loss, plus on the listed calls a term that is 0 forward but NaN backward: d√x/dx at 0 is ∞, times 0. */
    private static TrainingLoop.Objective nanGradientOn(SequentialBlock net, java.util.Set<Integer> calls) {
        int[] call = {0};
        TrainingLoop.Objective plain = TinyTask.objective(net);
        return (ps, data, labels) -> {
            Map<String, NDArray> losses = new java.util.LinkedHashMap<>(plain.losses(ps, data, labels));
            if (calls.contains(call[0]++)) {
                NDArray w = net.getParameters().get(0).getValue().getArray();
                losses.put("loss_ce", losses.get("loss_ce").add(w.mul(0f).sqrt().sum()));
            }
            return losses;
        };
    }

    @Test
    void aResumedTrainingCountsTheSkippedStepsItsCheckpointSaw(@TempDir Path tmp) {
        // Uninterrupted: non-finite gradients at iterations 3, 4 and 5 stop the training at 5.
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 4);
            assertThatThrownBy(() -> loop(net, 8).setObjective(nanGradientOn(net, java.util.Set.of(3, 4, 5)))
                    .optRunDirectory(tmp.resolve("a")).optCheckpointEvery(4).build().run(m))
                    .isInstanceOf(NonFiniteLossException.class)
                    .satisfies(e -> assertThat(((NonFiniteLossException) e).iteration()).isEqualTo(5));
        }
        // Killed in iteration 4, after the checkpoint that follows iteration 3 (one skipped step so far).
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 4);
            assertThatThrownBy(() -> loop(net, 8).setObjective(nanGradientOn(net, java.util.Set.of(3, 4)))
                    .optRunDirectory(tmp.resolve("b")).optCheckpointEvery(4).addTrainingListener(killedIn(4)).build().run(m))
                    .hasMessage("killed");
        }
        // Resumed at iteration 4: its objective's first calls are iterations 4 and 5.
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 99);
            assertThatThrownBy(() -> loop(net, 8).setObjective(nanGradientOn(net, java.util.Set.of(0, 1)))
                    .optRunDirectory(tmp.resolve("b")).optCheckpointEvery(4).build().run(m))
                    .isInstanceOf(NonFiniteLossException.class)
                    .satisfies(e -> assertThat(((NonFiniteLossException) e).iteration()).isEqualTo(5));
        }
    }

    @Test
    void aLoneNonFiniteGradientIsSkippedWithoutTouchingTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 4);
            List<float[]> before = new ArrayList<>();
            List<float[]> after = new ArrayList<>();
            float[] norms = new float[5];
            loop(net, 5).setObjective(nanGradientOn(net, java.util.Set.of(2))).addTrainingListener(new TrainingListener() {
                @Override
                public void onStep(TrainingStep step) {
                    norms[step.iteration()] = step.gradientNorm();
                    if (step.iteration() == 1) {
                        before.addAll(trainable(net));
                    } else if (step.iteration() == 2) {
                        after.addAll(trainable(net));
                    }
                }
            }).build().run(m);
            assertThat(norms[2]).isNaN();
            assertThat(norms[1]).isFinite();
            assertThat(norms[3]).isFinite();
            // Step 2 moved nothing (not even by momentum or weight decay), and nothing became NaN later.
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i)).containsExactly(before.get(i));
            }
            for (float[] w : weights(net)) {
                for (float v : w) {
                    assertThat(v).isFinite();
                }
            }
        }
    }

    @Test
    void nonFiniteGradientsInARowStopTheTrainingAsDiverged() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 4);
            assertThatThrownBy(() -> loop(net, 8).setObjective(nanGradientOn(net, java.util.Set.of(1, 2, 3, 4, 5))).build().run(m))
                    .isInstanceOf(NonFiniteLossException.class)
                    .hasMessageContaining("iteration " + NonFiniteSteps.MAX_IN_A_ROW)
                    .hasMessageContaining("gradient norm was NaN")
                    .satisfies(e -> assertThat(((NonFiniteLossException) e).cause()).startsWith("gradient norm is NaN"));
        }
    }

    @Test
    void aResumeUnderAnotherThreadCountIsRefusedWithAdvice(@TempDir Path tmp) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            loop(net, 4).optRunDirectory(tmp).optCheckpointEvery(2).build().run(m);
        }
        com.google.gson.JsonObject state = com.google.gson.JsonParser.parseString(
                java.nio.file.Files.readString(tmp.resolve("training.json"))).getAsJsonObject();
        com.google.gson.JsonObject env = state.getAsJsonObject(RunEnvironment.KEY);
        assertThat(env.get("intra_op_threads").getAsInt()).isEqualTo(RunEnvironment.current().get("intra_op_threads").getAsInt());
        assertThat(env.get("engine_version").getAsString()).isNotEmpty();
        int other = env.get("intra_op_threads").getAsInt() + 5;
        env.addProperty("intra_op_threads", other);
        java.nio.file.Files.writeString(tmp.resolve("training.json"), state.toString());
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            assertThatThrownBy(() -> loop(net, 4).optRunDirectory(tmp).optCheckpointEvery(2).build().run(m))
                    .isInstanceOf(RunDirectoryConflictException.class)
                    .hasMessageContaining("intra_op_threads = " + other)
                    .hasMessageContaining("--threads " + other);
        }
    }

    @Test
    void aResumeOfAnotherNumericsRevisionIsRefused(@TempDir Path tmp) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            loop(net, 4).optRunDirectory(tmp).optCheckpointEvery(2).build().run(m);
        }
        Path file = tmp.resolve("training.json");
        com.google.gson.JsonObject state = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(file)).getAsJsonObject();
        assertThat(state.getAsJsonObject(RunEnvironment.KEY).get("numerics").getAsInt()).isEqualTo(RunEnvironment.NUMERICS);
        // A checkpoint of revision 1 recorded no revision at all.
        state.getAsJsonObject(RunEnvironment.KEY).remove("numerics");
        java.nio.file.Files.writeString(file, state.toString());
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            assertThatThrownBy(() -> loop(net, 4).optRunDirectory(tmp).optCheckpointEvery(2).build().run(m))
                    .isInstanceOf(RunDirectoryConflictException.class)
                    .hasMessageContaining("numerics revision 1")
                    .hasMessageContaining("finish it with the version that started it");
        }
    }

    @Test
    void aThousandStepsKeepAFlatNumberOfNdArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 4);
            int[] counts = new int[2];
            float[] losses = new float[2];
            loop(net, 1000).addTrainingListener(new TrainingListener() {
                @Override
                public void onStep(TrainingStep step) {
                    if (step.iteration() == 9) {
                        counts[0] = m.getManagedArrays().size();
                    }
                    if (step.iteration() == 999) {
                        counts[1] = m.getManagedArrays().size();
                    }
                    // Single batches are noisy (4 random images): compare the first and last 50 steps.
                    if (step.iteration() < 50) {
                        losses[0] += step.totalLoss() / 50;
                    } else if (step.iteration() >= 950) {
                        losses[1] += step.totalLoss() / 50;
                    }
                }
            }).build().run(m);
            assertThat(counts[1]).isEqualTo(counts[0]);
            assertThat(losses[1]).isLessThan(losses[0]);
        }
    }

    @Test
    void schedulesWarmUpAndDecay() {
        LearningRateSchedule s = LearningRateSchedule.steps(0.01f, 100, 60, 80).warmup(10, 0.1f, false);
        assertThat(s.at(0)).isCloseTo(0.001f, offset(1e-9f));
        assertThat(s.at(5)).isCloseTo(0.0055f, offset(1e-9f));
        assertThat(s.at(10)).isCloseTo(0.01f, offset(1e-9f));
        assertThat(s.at(60)).isCloseTo(0.001f, offset(1e-9f));
        assertThat(s.at(85)).isCloseTo(0.0001f, offset(1e-9f));
        LearningRateSchedule c = LearningRateSchedule.cosine(1f, 100).warmup(10, 1f / 3, true);
        assertThat(c.at(3)).isCloseTo((float) (0.5 * (1 + Math.cos(Math.PI * 0.03)) / 3), offset(1e-6f));
        assertThat(c.at(50)).isCloseTo(0.5f, offset(1e-6f));
        assertThat(c.at(100)).isCloseTo(0f, offset(1e-6f));
        LearningRateSchedule l = LearningRateSchedule.linear(0.5f, 100);
        assertThat(l.at(0)).isCloseTo(0.5f, offset(1e-7f));
        assertThat(l.at(25)).isCloseTo(0.375f, offset(1e-7f));
        assertThat(l.at(100)).isCloseTo(0f, offset(1e-7f));
        assertThat(l.describe()).startsWith("linear");
    }

    @Test
    void gradientClippingBoundsTheNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(m.create(new float[] {3f, 4f}));
            p.getArray().setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(p.getArray().square().sum().mul(0.5f)); // grad = (3, 4), norm 5
            }
            SgdOptimizer sgd = new SgdOptimizer(0f, 0f, false, 1f, m);
            float norm = sgd.step(List.of(p), 1f);
            assertThat(norm).isCloseTo(5f, offset(1e-5f));
            assertThat(p.getArray().toFloatArray()).containsExactly(new float[] {3f - 0.6f, 4f - 0.8f}, offset(1e-5f));
        }
    }

    @Test
    void aCheckpointOfAnotherBatchModelOrDataIsRefusedNamingWhatDiffers(@TempDir Path tmp) {
        com.google.gson.JsonObject id = new com.google.gson.JsonObject();
        id.addProperty("data", "/d/one");
        try (NDManager m = NDManager.newBaseManager()) {
            loop(initialised(m, 2), 4).optRunDirectory(tmp).optCheckpointEvery(2).optIdentity(id).build().run(m);
        }
        // Another batch size.
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            assertThatThrownBy(() -> loop(net, 4).setData(TinyTask.data(2)).optRunDirectory(tmp).optIdentity(id).build().run(m))
                    .isInstanceOf(org.nas4det.core.io.RunDirectoryConflictException.class)
                    .hasMessageContaining("batch_size 4, now 2").hasMessageContaining("another output folder");
        }
        // Other data, as the caller names it.
        com.google.gson.JsonObject other = new com.google.gson.JsonObject();
        other.addProperty("data", "/d/two");
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(m, 2);
            assertThatThrownBy(() -> loop(net, 4).optRunDirectory(tmp).optIdentity(other).build().run(m))
                    .isInstanceOf(org.nas4det.core.io.RunDirectoryConflictException.class)
                    .hasMessageContaining("data \"/d/one\", now \"/d/two\"");
        }
        // Another model: its weights do not fit, which the engine would only have found in a forward pass.
        try (NDManager m = NDManager.newBaseManager()) {
            Seeds.seedEngine(2, 0);
            SequentialBlock wider = new SequentialBlock()
                    .add(org.nas4det.core.nn.ConvBnAct.builder().setChannels(7).setKernel(3).build())
                    .add(new org.nas4det.core.nn.GlobalAvgPool())
                    .add(ai.djl.nn.core.Linear.builder().setUnits(3).build());
            wider.initialize(m, DataType.FLOAT32, new Shape(4, 3, 8, 8));
            assertThatThrownBy(() -> loop(wider, 4).optRunDirectory(tmp).optIdentity(id).build().run(m))
                    .isInstanceOf(org.nas4det.core.io.RunDirectoryConflictException.class)
                    .hasMessageContaining("does not fit this model").hasMessageContaining("another architecture or class count");
        }
    }
}
