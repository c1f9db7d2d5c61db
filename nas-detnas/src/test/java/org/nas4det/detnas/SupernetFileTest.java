package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.nn.BatchNorm2d;
import org.nas4det.core.search.SigkillHarness;
import org.nas4det.core.train.BnRecalibration;

class SupernetFileTest {

    static final DetNasSpace TINY = DetNasSpace.builder().optStem(8).optWidths(16, 32, 64, 128).optDepths(1, 2, 1, 1).optLevels(3, 4, 5).build();

    static DetNasSupernet trainedLooking(NDManager m) {
        Engine.getInstance().setRandomSeed(11);
        DetNasSupernet s = DetNasSupernet.of(TINY);
        s.classifier(7, 32).initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        s.detector("fcos", 4, 16, 1).initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        // Running statistics that are not the initial 0 / 1, so that a file without them would show.
        Random r = new Random(5);
        for (BatchNorm2d bn : BnRecalibration.layers(s.detector())) {
            bn.runningMean().getArray().addi(r.nextFloat());
            bn.runningVar().getArray().muli(1 + r.nextFloat());
        }
        return s;
    }

    @Test
    void theWholeSupernetLoadsInANewProcessAndComputesTheSame(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("supernet.params");
        DetNasArch path = TINY.sample(new Random(2));
        float[] here;
        try (NDManager m = NDManager.newBaseManager()) {
            DetNasSupernet s = trainedLooking(m);
            s.save(file);
            here = SupernetFileMain.outputs(s, path, m);
        }
        Path out = tmp.resolve("outputs.bin");
        SigkillHarness.runToEnd(SupernetFileMain.class, List.of(file.toString(), out.toString(), path.encode()), tmp.resolve("main.out"));
        float[] there = new float[here.length];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(out))) {
            for (int i = 0; i < there.length; i++) {
                there[i] = in.readFloat();
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(there).containsExactly(here);
    }

    @Test
    void aLoadedSupernetTrainsAndAddingADetectorKeepsThePretrainedWeights(@TempDir Path tmp) {
        Path file = tmp.resolve("pretrained.params");
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            DetNasSupernet s = DetNasSupernet.of(TINY);
            s.classifier(3, 0).initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            s.save(file);
            List<float[]> body = arrays(s);
            DetNasSupernet loaded = DetNasSupernet.load(file, m);
            assertThat(loaded.space()).isEqualTo(TINY);
            assertThat(loaded.classifier().classes()).isEqualTo(3);
            assertThat(loaded.detector()).isNull();
            Engine.getInstance().setRandomSeed(99);
            loaded.detector("retinanet", 2, 16, 1).initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            List<float[]> after = arrays(loaded);
            for (int i = 0; i < body.size(); i++) {
                assertThat(after.get(i)).containsExactly(body.get(i));
            }
            for (Pair<String, Parameter> p : loaded.block().getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    assertThat(p.getValue().getArray().hasGradient()).as(p.getKey()).isTrue();
                }
            }
            assertThatThrownBy(() -> loaded.classifier(5, 0)).hasMessageContaining("already has a classifier");
        }
    }

    @Test
    void loadingKeepsOneCopyOfTheSupernetTheInitialWeightsItReplacesAreClosed(@TempDir Path tmp) {
        Path file = tmp.resolve("supernet.params");
        try (NDManager m = NDManager.newBaseManager()) {
            trainedLooking(m).save(file);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            DetNasSupernet loaded = DetNasSupernet.load(file, m);
            // Body, classifier head, detector neck and head: each parameter's array once, nothing else.
            Set<NDArray> parameters = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Block b : List.of(loaded.block(), loaded.classifier(), loaded.detector())) {
                for (Pair<String, Parameter> p : b.getParameters()) {
                    parameters.add(p.getValue().getArray());
                }
            }
            assertThat(parameters).hasSizeGreaterThan(loaded.block().getParameters().size());
            List<NDArray> alive = m.getManagedArrays();
            assertThat(alive).hasSameSizeAs(parameters);
            assertThat(parameters).allMatch(a -> alive.stream().anyMatch(x -> x == a));
        }
    }

    @Test
    void aFileThatIsNotASupernetIsANamedError(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("x.params");
        Files.writeString(f, "hello");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> DetNasSupernet.load(f, m)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("x.params: not a DetNAS supernet file");
            assertThatThrownBy(() -> DetNasSupernet.load(tmp.resolve("none.params"), m))
                    .hasMessageContaining("none.params: supernet file does not exist");
        }
    }

    private static List<float[]> arrays(DetNasSupernet s) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : s.block().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
