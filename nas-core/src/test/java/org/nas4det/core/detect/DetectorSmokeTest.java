package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.eval.ImageDetections;
import org.nas4det.core.nn.resnet.ResNets;

class DetectorSmokeTest {

    static NDList targets(NDManager m) {
        return new NDList(
                m.create(new float[] {4, 4, 40, 30, 10, 20, 60, 60, 0, 0, 0, 0, 0, 0, 0, 0}, new Shape(2, 2, 4)),
                m.create(new int[] {0, 2, 1, -1}, new Shape(2, 2)),
                m.create(new float[] {64, 64, 1, 1, 64, 64, 64, 64, 1, 1, 64, 64}, new Shape(2, 6)),
                m.create(new long[] {1, 2}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fcos", "retinanet"})
    void trainsAndPredictsOnTinyInputs(String kind) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            Detector.Builder b = kind.equals("fcos")
                    ? Detector.fcos(ResNets.body(18, 3, 4, 5), 3)
                    : Detector.retinanet(ResNets.body(18, 3, 4, 5), 3);
            Detector d = b.optChannels(32).optTowerDepth(1).build();
            Shape in = new Shape(2, 3, 64, 64);
            d.initialize(m, DataType.FLOAT32, in);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomNormal(in);
            NDList t = targets(m);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> losses = d.losses(ps, images, t);
                NDArray total = losses.values().stream().reduce(NDArray::add).orElseThrow();
                assertThat(total.getFloat()).isFinite().isPositive();
                gc.backward(total);
            }
            var w = d.head().getParameters().get(0).getValue().getArray();
            assertThat(w.getGradient().abs().sum().getFloat()).isPositive();
            List<ImageDetections> out = d.predict(ps, images, t);
            assertThat(out).hasSize(2);
            Cost c = CostModel.count(d, new Shape(1, 3, 64, 64));
            assertThat(c.params()).isGreaterThan(11_000_000L);
        }
    }
}
