package org.nas4det.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.FasterRcnnSettings;
import org.nas4det.core.nn.resnet.ResNets;

/**
 * Faster R-CNN training is a function of the run's seed and the iteration: two runs give the same
 * losses, gradient norms and weights bit for bit, a run resumed from a checkpoint repeats the
 * uninterrupted one (its anchor and RoI samples too, which a sampler seeded once per head would
 * start again from its first draw), and the run seed reaches the sampling.
 */
class FasterRcnnRepeatabilityTest {

    // At 64 px the backbone's C3-C5 give 255 anchors and ~30 proposals survive the RPN's NMS per image.
    private static final int SIZE = 64;
    private static final int STEPS = 3;
    private static final long INIT_SEED = 3;

    @TempDir
    static Path tmp;
    private static DetectionDataset data;

    @BeforeAll
    static void shapes() {
        ShapesLayout l = SyntheticShapes.builder().imageSize(SIZE).trainImages(8).valImages(1).holdoutImages(1).seed(0)
                .build().writeDetection(tmp.resolve("shapes"));
        DetectionData train = CocoData.reader().read(l.annotations("train"), l.images("train"));
        data = DetectionDataset.builder().setData(train).optSeed(0)
                .optTransforms(DetectionDataset.trainTransforms(SIZE, SIZE)).setSampling(4, true).build();
    }

    /** Trains {@code iterations} steps (resuming from {@code runDir} when it holds a checkpoint); returns the weights. */
    private static Map<String, float[]> train(long seed, int iterations, Path runDir, List<Map<String, Float>> steps) {
        try (NDManager m = NDManager.newBaseManager()) {
            Seeds.seedEngine(INIT_SEED, 0);
            Detector d = Detector.fasterRcnn(ResNets.scaled(18, 8, 3, 4, 5), 5).optChannels(16)
                    .optFasterRcnn(FasterRcnnSettings.builder().optFcWidth(32).optRpnBatch(64, 0.5f).optRois(16, 0.25f, 0.5f)
                            .optProposals(200, 200, 100, 100).build())
                    .build();
            d.initialize(m, DataType.FLOAT32, new Shape(4, 3, SIZE, SIZE));
            TrainingLoop.Builder loop = TrainingLoop.builder().setBlock(d)
                    .setObjective((ps, x, y) -> d.losses(ps, x.head(), y))
                    .setData(DatasetBatches.of(data, 4, 0))
                    .setSchedule(LearningRateSchedule.cosine(0.01f, STEPS))
                    .setIterations(iterations).optClipNorm(10f).optSeed(seed)
                    .addTrainingListener(new TrainingListener() {
                        @Override
                        public void onStep(TrainingStep s) {
                            Map<String, Float> v = new LinkedHashMap<>(s.losses());
                            v.put("gradient_norm", s.gradientNorm());
                            steps.add(v);
                        }
                    });
            if (runDir != null) {
                loop.optRunDirectory(runDir).optCheckpointEvery(1);
            }
            loop.build().run(m);
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : d.getParameters()) {
                weights.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            return weights;
        }
    }

    private static void assertSameWeights(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String k : expected.keySet()) {
            assertThat(actual.get(k)).as(k).containsExactly(expected.get(k));
        }
    }

    @Test
    void twoRunsAreBitIdenticalAndAResumedRunRepeatsTheUninterruptedOne() {
        List<Map<String, Float>> first = new ArrayList<>();
        List<Map<String, Float>> second = new ArrayList<>();
        List<Map<String, Float>> resumed = new ArrayList<>();
        Map<String, float[]> w1 = train(7, STEPS, null, first);
        Map<String, float[]> w2 = train(7, STEPS, null, second);
        Path run = tmp.resolve("run");
        train(7, 1, run, resumed);
        Map<String, float[]> w3 = train(7, STEPS, run, resumed);

        assertThat(first).hasSize(STEPS).allSatisfy(s -> assertThat(s.values()).allMatch(Float::isFinite));
        assertThat(second).isEqualTo(first);
        assertSameWeights(w2, w1);
        assertThat(resumed).isEqualTo(first);
        assertSameWeights(w3, w1);
    }

    @Test
    void theRunSeedReachesTheSampling() {
        // Same weights, same batch: only the loop's seed differs, and Faster R-CNN draws nothing else from it.
        List<Map<String, Float>> a = new ArrayList<>();
        List<Map<String, Float>> b = new ArrayList<>();
        train(7, 1, null, a);
        train(8, 1, null, b);
        // both samplers subsample (64 of 255 anchors, 16 of ~30 proposals per image): other samples, other means
        assertThat(b.get(0).get("loss_rpn_cls")).isNotEqualTo(a.get(0).get("loss_rpn_cls"));
        assertThat(b.get(0).get("loss_roi_cls")).isNotEqualTo(a.get(0).get("loss_roi_cls"));
    }
}
