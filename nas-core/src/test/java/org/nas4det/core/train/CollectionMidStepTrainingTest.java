package org.nas4det.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.FasterRcnnSettings;
import org.nas4det.core.nn.FreedScalarReuse;
import org.nas4det.core.nn.resnet.ResNets;

/**
 * The case behind issue 10's FCOS divergence (NaN at iteration 579 of a 320 px baseline): a
 * garbage collection between a step's forward and backward pass freed the constants DJL had lent
 * to autograd, and the backward read reused memory (a gradient of +∞ from {@code loss.div(norm)},
 * then NaN weights). Here every step has such a collection; training must be bit-identical to the
 * undisturbed run, with no step skipped. Faster R-CNN runs at a small size (64 RoIs per image, FC
 * width 32): its torchvision defaults take minutes here.
 */
class CollectionMidStepTrainingTest {

    private static final int SIZE = 64;
    private static final int STEPS = 3;

    private static List<float[]> train(String head, DetectionDataset data, boolean collectMidStep, List<Float> norms) {
        try (NDManager m = NDManager.newBaseManager()) {
            Seeds.seedEngine(3, 0);
            Detector d = Detector.builder(head, ResNets.scaled(18, 8, 3, 4, 5), 5).optChannels(16).optTowerDepth(1)
                    .optFasterRcnn(FasterRcnnSettings.builder().optFcWidth(32).optRois(64, 0.25f, 0.5f)
                            .optProposals(200, 200, 100, 100).build())
                    .build();
            d.initialize(m, DataType.FLOAT32, new Shape(4, 3, SIZE, SIZE));
            TrainingLoop.builder().setBlock(d)
                    .setObjective((ps, x, y) -> {
                        Map<String, NDArray> losses = d.losses(ps, x.head(), y);
                        if (collectMidStep) {
                            FreedScalarReuse.collectAndReuse(x.head().getManager());
                        }
                        return losses;
                    })
                    .setData(DatasetBatches.of(data, 4, 0))
                    .setSchedule(LearningRateSchedule.cosine(0.01f, STEPS))
                    .setIterations(STEPS).optClipNorm(10f).optSeed(3)
                    .addTrainingListener(new TrainingListener() {
                        @Override
                        public void onStep(TrainingStep s) {
                            norms.add(s.gradientNorm());
                        }
                    })
                    .build().run(m);
            List<float[]> weights = new ArrayList<>();
            for (Pair<String, Parameter> p : d.getParameters()) {
                weights.add(p.getValue().getArray().toFloatArray());
            }
            return weights;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fcos", "retinanet", "gfl", "faster_rcnn"})
    void aCollectionBetweenForwardAndBackwardChangesNothing(String head, @TempDir Path tmp) {
        ShapesLayout l = SyntheticShapes.builder().imageSize(SIZE).trainImages(8).valImages(1).holdoutImages(1).seed(0)
                .build().writeDetection(tmp.resolve("shapes"));
        DetectionData train = CocoData.reader().read(l.annotations("train"), l.images("train"));
        DetectionDataset data = DetectionDataset.builder().setData(train).optSeed(0)
                .optTransforms(DetectionDataset.trainTransforms(SIZE, SIZE)).setSampling(4, true).build();
        List<Float> quietNorms = new ArrayList<>();
        List<Float> collectedNorms = new ArrayList<>();
        List<float[]> quiet = train(head, data, false, quietNorms);
        List<float[]> collected = train(head, data, true, collectedNorms);
        assertThat(collectedNorms).hasSize(STEPS).allMatch(Float::isFinite, "finite gradient norm (no skipped step)");
        assertThat(collectedNorms).containsExactlyElementsOf(quietNorms);
        assertThat(collected).hasSameSizeAs(quiet);
        for (int i = 0; i < quiet.size(); i++) {
            assertThat(collected.get(i)).containsExactly(quiet.get(i));
        }
    }
}
