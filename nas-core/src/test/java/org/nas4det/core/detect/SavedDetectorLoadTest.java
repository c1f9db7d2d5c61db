package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.CategoryMap;

/** A saved detector loads as one copy of its weights: the initial ones it replaces are closed. */
class SavedDetectorLoadTest {

    @Test
    void loadingLeavesOnlyTheLoadedWeightsInTheManager(@TempDir Path tmp) {
        DetectorSpec spec = DetectorSpec.of(JsonParser.parseString("{\"head\": \"fcos\", \"backbone\": {\"type\": \"resnet\","
                + " \"depth\": 18, \"stem_width\": 8}, \"channels\": 16, \"tower_depth\": 1, \"input_size\": 64}").getAsJsonObject());
        CategoryMap cats = new CategoryMap(new long[] {1, 2}, List.of("a", "b"));
        List<float[]> saved = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Seeds.seedEngine(1, 0);
            Detector d = spec.build(cats.size());
            d.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            for (Pair<String, Parameter> p : d.getParameters()) {
                saved.add(p.getValue().getArray().toFloatArray());
            }
            SavedDetector.save(tmp, spec, cats, d);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Seeds.seedEngine(2, 0); // other initial weights than the saved ones
            SavedDetector loaded = SavedDetector.load(tmp, m);
            List<NDArray> arrays = new ArrayList<>();
            for (Pair<String, Parameter> p : loaded.detector().getParameters()) {
                arrays.add(p.getValue().getArray());
            }
            // One array per parameter: without the close, the initial ones would double the count.
            List<NDArray> alive = m.getManagedArrays();
            assertThat(alive).hasSameSizeAs(arrays);
            assertThat(arrays).allMatch(a -> alive.stream().anyMatch(x -> x == a));
            for (int i = 0; i < arrays.size(); i++) {
                assertThat(arrays.get(i).toFloatArray()).containsExactly(saved.get(i));
            }
        }
    }
}
