package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.fad.genotype.FadGenotypes;

/** A tiny end-to-end run: files written, split disjoint, finished run read back, settings checked. */
class FadSearchTest {

    static Fad.Builder tiny(Path dir, long seed) {
        JsonObject backbone = new JsonObject();
        backbone.addProperty("type", "resnet");
        backbone.addProperty("depth", 18);
        backbone.addProperty("stem_width", 8);
        return Fad.cpu().optBackbone(backbone).optChannels(16).optWidth(8).optImageSize(64).optSyntheticImages(12)
                .optIterations(4).optBatchSize(2).optCheckpointEvery(2).optWarmup(1).optDropAt(3)
                .optFinalIterations(2).optFinalBatchSize(2).optFinalWarmup(1).optSeed(seed).optRunDirectory(dir);
    }

    @Test
    void tinyRunWritesEverythingAndReadsBack(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        // A run refused for its data leaves no settings behind to refuse the corrected one.
        assertThatThrownBy(() -> tiny(dir, 3).optDataDirectory(tmp.resolve("no-data")).build().run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-data")
                .hasMessageStartingWith("optDataDirectory (--data) ").hasMessageContaining("no such folder");
        assertThatThrownBy(() -> Fad.cpu().optSyntheticImages(-5))
                .hasMessage("optSyntheticImages: the shapes data needs at least 1 image, got -5");
        assertThat(dir.resolve(Fad.SETTINGS)).doesNotExist();
        // Refused after its split was written (nothing left for architecture steps): the split goes with it.
        assertThatThrownBy(() -> tiny(dir, 3).optArchFraction(0.01).build().run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("architecture split 0");
        assertThat(dir.resolve(Fad.SETTINGS)).doesNotExist();
        FadResult r = tiny(dir, 3).build().run();
        assertThat(dir.resolve(Fad.SETTINGS)).exists();
        for (String f : List.of(Fad.GENOTYPE, Fad.ALPHAS, Fad.PLOT, Fad.SPLITS, Fad.RESULT, "detector/detector.json", "detector/detector.params")) {
            assertThat(dir.resolve(f)).as(f).exists();
        }
        assertThat(FadGenotypes.read(dir.resolve(Fad.GENOTYPE))).isEqualTo(r.best());
        assertThat(Files.readAllLines(dir.resolve(Fad.ALPHAS))).hasSize(3); // iterations 0, 2, 4
        JsonObject split = JsonParser.parseString(Files.readString(dir.resolve(Fad.SPLITS))).getAsJsonObject();
        Set<String> w = new HashSet<>();
        split.getAsJsonObject("splits").getAsJsonArray("weights").forEach(e -> w.add(e.getAsString()));
        Set<String> a = new HashSet<>();
        split.getAsJsonObject("splits").getAsJsonArray("architecture").forEach(e -> a.add(e.getAsString()));
        assertThat(w).hasSize(6);
        assertThat(a).hasSize(6).doesNotContainAnyElementsOf(w);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(SavedDetector.load(dir.resolve(Fad.DETECTOR), m).categories().size()).isEqualTo(5);
        }
        long before = Files.getLastModifiedTime(dir.resolve(Fad.RESULT)).toMillis();
        FadResult again = tiny(dir, 3).build().run();
        assertThat(again.best()).isEqualTo(r.best());
        assertThat(Files.getLastModifiedTime(dir.resolve(Fad.RESULT)).toMillis()).isEqualTo(before);
        // A setting written only when set counts as its default when absent: a file that spells the
        // default out (as an earlier build wrote final_step_decay) is the same settings.
        JsonObject settings = org.nas4det.core.io.RunDirectory.open(dir).readJson(Fad.SETTINGS);
        settings.addProperty("final_step_decay", false);
        org.nas4det.core.io.RunDirectory.open(dir).writeJsonAtomically(Fad.SETTINGS, settings);
        assertThat(tiny(dir, 3).build().run().best()).isEqualTo(r.best());
        assertThatThrownBy(() -> tiny(dir, 3).optFinalStepDecay(true).build().run()).isInstanceOf(RunDirectoryConflictException.class)
                .hasMessageContaining("final_step_decay");
        assertThatThrownBy(() -> tiny(dir, 4).build().run()).isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("holds a FAD run with other settings").hasMessageContaining("seed");
    }
}
