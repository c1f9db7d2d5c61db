package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.nn.ChannelsLast;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.LearningRateSchedule;
import org.nas4det.core.train.TrainingLoop;

class DetNasSupernetTest {

    static final DetNasSpace TINY = DetNasSpace.builder().optStem(8).optWidths(16, 32, 64, 128).optDepths(2, 2, 2, 2).build();

    @Test
    void aPathCostsWhatItsStandaloneSubnetCosts() {
        DetNasSupernet s = DetNasSupernet.of(DetNasSpace.small());
        DetNasArch arch = DetNasArch.parse("[1,0,0,0, 3,0,3,2, 2,2,3,3,0,2,1,3, 2,2,2,1]");
        s.activate(arch);
        Cost path = CostModel.count(s.block(), new Shape(1, 3, 224, 224));
        Cost standalone = CostModel.count(DetNasSpace.small().build(arch), new Shape(1, 3, 224, 224));
        assertThat(path).isEqualTo(standalone);
        s.activate(new DetNasArch(new int[20]));
        assertThat(CostModel.count(s.block(), new Shape(1, 3, 224, 224)).params()).isEqualTo(1_472_960L);
    }

    @Test
    void anExtractedSubnetComputesExactlyWhatThePathComputes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            DetNasSupernet s = DetNasSupernet.of(TINY);
            Shape in = new Shape(2, 3, 64, 64);
            s.block().initialize(m, DataType.FLOAT32, in);
            DetNasArch arch = TINY.sample(new Random(4));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(in);
            NDList viaPath = s.pathView(arch).forward(ps, new NDList(x), false);
            Block standalone = s.extract(arch, m);
            NDList viaCopy = standalone.forward(ps, new NDList(x), false);
            for (int i = 0; i < 4; i++) {
                assertThat(viaCopy.get(i).toFloatArray()).containsExactly(viaPath.get(i).toFloatArray());
            }
            // Both run channels-last (their speed): each output's stored-order flattening is a view.
            for (NDList out : List.of(viaPath, viaCopy)) {
                NDArray c5 = out.get(3);
                float sum = c5.abs().sum().getFloat();
                ChannelsLast.flattenStored(c5).muli(2);
                assertThat(sum).isPositive();
                assertThat(c5.abs().sum().getFloat()).isEqualTo(2 * sum);
            }
            // A copy, not a view: changing the supernet leaves the extracted weights alone.
            Parameter first = s.pathParameters(arch).get(0);
            float before = standalone.getParameters().get(0).getValue().getArray().toFloatArray()[0];
            first.getArray().addi(1f);
            assertThat(standalone.getParameters().get(0).getValue().getArray().toFloatArray()[0]).isEqualTo(before);
        }
    }

    @Test
    void singlePathTrainingLeavesEveryOtherChoiceUntouched() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            DetNasSupernet s = DetNasSupernet.of(TINY);
            Shape in = new Shape(2, 3, 32, 32);
            s.block().initialize(m, DataType.FLOAT32, in);
            DetNasArch arch = TINY.sample(new Random(9));
            List<Parameter> path = s.pathParameters(arch);
            Set<Parameter> onPath = new HashSet<>(s.pathArrays(arch));
            List<Pair<String, float[]>> offBefore = new ArrayList<>();
            for (Pair<String, Parameter> p : s.block().getParameters()) {
                if (!onPath.contains(p.getValue())) {
                    offBefore.add(new Pair<>(p.getKey(), p.getValue().getArray().toFloatArray()));
                }
            }
            float[] onBefore = path.get(path.size() - 1).getArray().toFloatArray();
            BatchSource data = noise(in);
            TrainingLoop.builder().setBlock(s.block())
                    .optBeforeStep(it -> s.activate(arch))
                    .setObjective((ps, x, y) -> Map.of("loss", s.block().forward(ps, x, true).get(3).square().mean()))
                    .setData(data).setSchedule(LearningRateSchedule.steps(0.1f, 3)).setIterations(3)
                    .optSgd(0.9f, 0.01f).optParameterSelector(it -> path).build().run(m);
            // Off-path choices (their weights, BN gammas and running statistics) did not move by one bit;
            // weight decay and momentum would have moved them, had the update not been restricted.
            int k = 0;
            for (Pair<String, Parameter> p : s.block().getParameters()) {
                if (!onPath.contains(p.getValue())) {
                    assertThat(p.getValue().getArray().toFloatArray()).as(p.getKey()).containsExactly(offBefore.get(k++).getValue());
                }
            }
            assertThat(path.get(path.size() - 1).getArray().toFloatArray()).isNotEqualTo(onBefore);
        }
    }
    @Test
    void zeroingOnlyThePathsGradientsTrainsExactlyTheSameWeights() {
        List<float[]> all = trainRandomPaths(false);
        List<float[]> pathOnly = trainRandomPaths(true);
        assertThat(pathOnly).hasSameSizeAs(all);
        for (int i = 0; i < all.size(); i++) {
            assertThat(pathOnly.get(i)).as("array %d", i).containsExactly(all.get(i));
        }
    }

    /** Four steps, each on another random path (so that each path meets gradients left by none). */
    private static List<float[]> trainRandomPaths(boolean zeroPathOnly) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            DetNasSupernet s = DetNasSupernet.of(TINY);
            Shape in = new Shape(2, 3, 32, 32);
            s.block().initialize(m, DataType.FLOAT32, in);
            Random r = new Random(8);
            List<DetNasArch> paths = List.of(TINY.sample(r), TINY.sample(r), TINY.sample(r), TINY.sample(r));
            BatchSource data = noise(in);
            TrainingLoop.builder().setBlock(s.block())
                    .optBeforeStep(it -> s.activate(paths.get(it)))
                    .setObjective((ps, x, y) -> Map.of("loss", s.block().forward(ps, x, true).get(3).square().mean()))
                    .setData(data).setSchedule(LearningRateSchedule.steps(0.1f, 4)).setIterations(4)
                    .optSgd(0.9f, 0.01f).optParameterSelector(it -> s.pathParameters(paths.get(it)))
                    .optSelectorCoversForward(zeroPathOnly).build().run(m);
            List<float[]> out = new ArrayList<>();
            for (Pair<String, Parameter> p : s.block().getParameters()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
            return out;
        }
    }

    /** Batches of N(0, 1) images without labels (the objectives here need none). */
    private static BatchSource noise(Shape in) {
        return new BatchSource() {
            @Override
            public NDList[] batch(NDManager sm, int it) {
                return new NDList[] {new NDList(sm.randomNormal(in)), new NDList()};
            }

            @Override
            public int batchSize() {
                return (int) in.get(0);
            }
        };
    }
}
