package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.search.RunDirectory;
import org.nas4det.core.search.RunDirectoryConflictException;
import org.nas4det.core.search.SearchLog;

/** A whole tiny pipeline: files, records, lineage, no duplicates, resume of a finished run does no work. */
class SpNasRunTest {

    @Test
    void pipelineWritesItsFilesAndAFinishedRunResumesWithoutWork(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        SpNasResult r = SpNasSearchMain.tiny(dir).build().run();

        String best = Files.readString(dir.resolve(SpNas.BEST_ARCH)).trim();
        assertThat(SpNasArch.parse(best)).isEqualTo(r.best());
        assertThat(r.best().serialCode().stages()).isBetween(4, 6);
        List<JsonObject> serial = new SearchLog(dir.resolve(SpNas.SERIAL).resolve(RunDirectory.LOG)).readAll();
        assertThat(serial).hasSize(4);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < serial.size(); i++) {
            JsonObject rec = serial.get(i);
            assertThat(codes.add(rec.get("arch").getAsString())).as("no code evaluated twice").isTrue();
            double parent = rec.getAsJsonObject("metrics").get("parent").getAsDouble();
            assertThat(parent).isLessThan(i);
            assertThat(rec.getAsJsonObject("metrics").has("mAP")).isTrue();
            assertThat(rec.getAsJsonObject("cost").get("params").getAsLong()).isPositive();
            assertThat(SpNasArch.parse(rec.get("arch").getAsString()).hasCopies()).isFalse();
        }
        assertThat(serial.get(0).getAsJsonObject("metrics").get("parent").getAsDouble()).isEqualTo(-1);
        List<JsonObject> parallel = new SearchLog(dir.resolve(SpNas.PARALLEL).resolve(RunDirectory.LOG)).readAll();
        assertThat(parallel).hasSize(2);
        for (JsonObject rec : parallel) {
            assertThat(SpNasArch.parse(rec.get("arch").getAsString()).hasCopies()).isTrue();
        }
        assertThat(dir.resolve(SpNas.SERIAL).resolve("pareto.png")).exists();
        assertThat(dir.resolve(SpNas.PARALLEL).resolve("pareto.png")).exists();
        try (NDManager m = NDManager.newBaseManager()) {
            SavedDetector d = SavedDetector.load(dir.resolve(SpNas.DETECTOR), m);
            assertThat(d.spec().toJson().getAsJsonObject("backbone").get("arch").getAsString()).isEqualTo(best);
        }

        long before = Files.getLastModifiedTime(dir.resolve(SpNas.DETECTOR).resolve("detector.params")).toMillis();
        SpNasResult again = SpNasSearchMain.tiny(dir).build().run();
        assertThat(again.best()).isEqualTo(r.best());
        assertThat(new SearchLog(dir.resolve(SpNas.SERIAL).resolve(RunDirectory.LOG)).readAll()).hasSize(4);
        assertThat(Files.getLastModifiedTime(dir.resolve(SpNas.DETECTOR).resolve("detector.params")).toMillis()).isEqualTo(before);

        assertThatThrownBy(() -> SpNasSearchMain.tiny(dir).optResume(false).build().run())
                .isInstanceOf(RunDirectoryConflictException.class);
        assertThatThrownBy(() -> SpNasSearchMain.tiny(dir).optSerialSamples(4).build().run())
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("serial_samples");
    }
}
