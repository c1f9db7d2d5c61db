package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.search.SearchLog;
import org.nas4det.core.search.SigkillHarness;

/**
 * A whole tiny pipeline: files, records, lineage, no duplicates; resuming a finished run does no
 * work; a run killed with SIGKILL at a random point and resumed ends with the same records, best
 * arch and detector as the uninterrupted one.
 */
class SpNasKillAndResumeTest {

    @Test
    void pipelineFilesResumeAndSigkill(@TempDir Path tmp) throws Exception {
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

        // running the finished run again (without optResume, as every method) reads it back and does no work:
        // no file of the run is written again
        List<Path> outputs = List.of(dir.resolve(SpNas.DETECTOR).resolve("detector.params"), dir.resolve(SpNas.BEST_ARCH),
                dir.resolve("final.json"), dir.resolve(SpNas.SERIAL).resolve(RunDirectory.LOG),
                dir.resolve(SpNas.PARALLEL).resolve(RunDirectory.LOG));
        List<FileTime> before = new ArrayList<>();
        for (Path f : outputs) {
            before.add(Files.getLastModifiedTime(f));
        }
        SpNasResult again = SpNasSearchMain.tiny(dir).build().run();
        assertThat(again.best()).isEqualTo(r.best());
        for (int i = 0; i < outputs.size(); i++) {
            assertThat(Files.getLastModifiedTime(outputs.get(i))).as(outputs.get(i).toString()).isEqualTo(before.get(i));
        }

        assertThat(SpNasSearchMain.tiny(dir).optResume(true).build().run().best()).isEqualTo(r.best());
        assertThatThrownBy(() -> SpNasSearchMain.tiny(dir).optSerialSamples(4).build().run())
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("holds an SP-NAS run with other settings")
                .hasMessageContaining("serial_samples");

        // SIGKILL at a random point of the serial or parallel search, then --resume in a new JVM.
        Path killed = tmp.resolve("killed");
        Files.createDirectories(killed);
        boolean inParallel = new Random().nextBoolean();
        Path log = killed.resolve(inParallel ? SpNas.PARALLEL : SpNas.SERIAL).resolve(RunDirectory.LOG);
        int killAfter = 1 + new Random().nextInt(inParallel ? 1 : 3);
        SigkillHarness.killAfter(SpNasSearchMain.class, List.of(killed.toString()), log, killAfter);
        // a run cut short is not taken up unless told to resume it
        assertThatThrownBy(() -> SpNasSearchMain.tiny(killed).build().run())
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("unfinished SP-NAS run")
                .hasMessageContaining("optResume(true)");
        SigkillHarness.runToEnd(SpNasSearchMain.class, List.of(killed.toString()), tmp.resolve("resumed.out"));
        SigkillHarness.assertSameLog(killed.resolve(SpNas.SERIAL), dir.resolve(SpNas.SERIAL));
        SigkillHarness.assertSameLog(killed.resolve(SpNas.PARALLEL), dir.resolve(SpNas.PARALLEL));
        assertThat(Files.readString(killed.resolve(SpNas.BEST_ARCH))).isEqualTo(Files.readString(dir.resolve(SpNas.BEST_ARCH)));
        try (NDManager m = NDManager.newBaseManager()) {
            var a = SavedDetector.load(dir.resolve(SpNas.DETECTOR), m).detector().getParameters();
            var b = SavedDetector.load(killed.resolve(SpNas.DETECTOR), m).detector().getParameters();
            assertThat(b.keys()).isEqualTo(a.keys());
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).getValue().getArray().toFloatArray()).as(a.get(i).getKey())
                        .containsExactly(a.get(i).getValue().getArray().toFloatArray());
            }
        }
    }
}
