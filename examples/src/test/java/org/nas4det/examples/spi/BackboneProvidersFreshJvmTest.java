package org.nas4det.examples.spi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.CategoryMap;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.detnas.DetNas;
import org.nas4det.detnas.DetNasArch;
import org.nas4det.detnas.DetNasSpace;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetSpace;

/**
 * Backbone types come from {@code META-INF/services}: a fresh JVM that only calls
 * {@link SavedDetector#load} (no method class touched first) loads a saved detector of each type.
 */
class BackboneProvidersFreshJvmTest {

    @Test
    void aFreshJvmLoadsASavedDetectorOfEachBackboneType(@TempDir Path tmp) throws Exception {
        assertThat(DetectorSpec.backboneTypes()).contains("resnet", "maedet", "detnas");
        JsonObject resnet = JsonParser.parseString("{\"type\": \"resnet\", \"depth\": 18, \"stem_width\": 8}").getAsJsonObject();
        List<String> dirs = new ArrayList<>();
        List<Long> params = new ArrayList<>();
        for (JsonObject backbone : List.of(resnet, MaeDet.backboneSpec(MaeDetSpace.tinyR50()),
                DetNas.backboneSpec(DetNasSpace.small(), new DetNasArch(new int[20])))) {
            String type = backbone.get("type").getAsString();
            JsonObject spec = JsonParser.parseString("{\"head\": \"fcos\", \"channels\": 16, \"tower_depth\": 1, \"input_size\": 64}")
                    .getAsJsonObject();
            spec.add("backbone", backbone);
            DetectorSpec s = DetectorSpec.of(spec);
            try (NDManager m = NDManager.newBaseManager()) {
                Detector d = s.build(2);
                d.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
                params.add(d.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum());
                Path dir = tmp.resolve(type);
                SavedDetector.save(dir, s, new CategoryMap(new long[] {1, 2}, List.of("a", "b")), d);
                dirs.add(dir.toString());
            }
        }

        Path out = tmp.resolve("child.out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), LoadSavedDetectorsMain.class.getName()));
        cmd.addAll(dirs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("loaded resnet params=" + params.get(0), "loaded maedet params=" + params.get(1),
                "loaded detnas params=" + params.get(2), "types [detnas, maedet, resnet");
    }
}
