package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;

/** A run directory written before the parallel parent was drawn from the serial front resumes only where that cannot matter. */
class SpNasSettingsTest {

    /** The settings an older nas4det wrote: today's without the parallel-parent key. */
    private static RunDirectory older(Path root) {
        RunDirectory dir = RunDirectory.open(root);
        JsonObject old = SpNasSearchMain.tiny(root).settings();
        old.remove(SpNasPipeline.PARALLEL_PARENT_KEY);
        dir.writeJsonAtomically(SpNasPipeline.SETTINGS, old);
        return dir;
    }

    @Test
    void anOlderRunInItsParallelStepIsRefusedWithOneLineNamingTheChange(@TempDir Path tmp) throws Exception {
        RunDirectory dir = older(tmp);
        Files.createDirectories(dir.file(SpNas.PARALLEL));
        assertThatThrownBy(() -> SpNasPipeline.checkSettings(dir, SpNasSearchMain.tiny(tmp)))
                .isInstanceOf(RunDirectoryConflictException.class)
                .hasMessageContaining("parallel step was started by an older nas4det")
                .hasMessageContaining(SpNasPipeline.PARALLEL_PARENT_KEY)
                .hasMessageNotContaining("\n");
    }

    @Test
    void anOlderRunBeforeItsParallelStepResumesAndRecordsTheKey(@TempDir Path tmp) {
        RunDirectory dir = older(tmp);
        SpNasPipeline.checkSettings(dir, SpNasSearchMain.tiny(tmp).optResume(true));
        assertThat(dir.readJson(SpNasPipeline.SETTINGS).get(SpNasPipeline.PARALLEL_PARENT_KEY).getAsString())
                .isEqualTo(SpNasPipeline.PARALLEL_PARENT);
        // other settings still bind it
        assertThatThrownBy(() -> SpNasPipeline.checkSettings(older(tmp), SpNasSearchMain.tiny(tmp).optResume(true).optSerialSamples(5)))
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("serial_samples");
    }
}
