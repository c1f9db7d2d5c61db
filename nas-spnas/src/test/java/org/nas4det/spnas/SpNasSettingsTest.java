package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.EmptyDatasetException;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;

/**
 * What a run directory binds: a directory written before the parallel parent was drawn from the
 * serial front resumes only where that cannot matter; a setting written only when set counts when
 * it is left out; a run that failed on its data binds nothing.
 */
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

    @Test
    void aSettingTheRunWasStartedWithIsADifferenceWhenLeftOut(@TempDir Path tmp) {
        RunDirectory dir = RunDirectory.open(tmp);
        dir.writeJsonAtomically(SpNasPipeline.SETTINGS, SpNasSearchMain.tiny(tmp).optFreezeInherited(true).settings());
        assertThatThrownBy(() -> SpNasPipeline.checkSettings(dir, SpNasSearchMain.tiny(tmp).optResume(true)))
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("freeze_inherited");
        assertThat(SpNasPipeline.checkSettings(dir, SpNasSearchMain.tiny(tmp).optResume(true).optFreezeInherited(true))).isFalse();
    }

    @Test
    void aRunThatFailedOnItsDataLeavesNothingTheCorrectedRunTakesOver(@TempDir Path tmp) throws Exception {
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(5).valImages(1).holdoutImages(1).seed(0).build()
                .ensureDetection(tmp.resolve("shapes"));
        Path dir = tmp.resolve("run");
        // 5 images, 5 % held out: no image to score on
        assertThatThrownBy(() -> SpNasSearchMain.tiny(dir).optDetectionData(l.annotations("train"), l.images("train")).build().run())
                .isInstanceOf(EmptyDatasetException.class).hasMessageContaining("optHoldoutFraction");
        assertThat(dir.resolve(SpNasPipeline.SETTINGS)).doesNotExist();
        // the corrected command splits the images anew, without --resume
        SpNasSearchMain.tiny(dir).optDetectionData(l.annotations("train"), l.images("train")).optHoldoutFraction(0.4).optParallelSamples(0)
                .optSerialSamples(1).optMaxReignitions(0).build().run();
        JsonObject splits = RunDirectory.open(dir).readJson(SpNasData.SPLITS);
        assertThat(splits.getAsJsonObject("splits").getAsJsonArray("search_holdout").size()).isEqualTo(2);
    }

    @Test
    void aHeldOutSplitWithoutObjectsOrABrokenImageIsRefusedBeforeTheRunIsWritten(@TempDir Path tmp) throws Exception {
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(5).valImages(1).holdoutImages(1).seed(0).build()
                .ensureDetection(tmp.resolve("shapes"));
        // Background only: no candidate could be scored (AP undefined); it used to search on, every mAP 0.
        JsonObject coco = com.google.gson.JsonParser.parseString(Files.readString(l.annotations("train"))).getAsJsonObject();
        coco.add("annotations", new com.google.gson.JsonArray());
        Path background = tmp.resolve("background.json");
        Files.writeString(background, coco.toString());
        Path dir = tmp.resolve("run");
        assertThatThrownBy(() -> SpNasSearchMain.tiny(dir).optDetectionData(background, l.images("train")).optHoldoutFraction(0.4)
                .build().run())
                .isInstanceOf(EmptyDatasetException.class).hasMessageContaining(background.toString())
                .hasMessageContaining("held-out split (2 images) has no object").hasMessageContaining("optHoldoutFraction");
        assertThat(dir.resolve(SpNasPipeline.SETTINGS)).doesNotExist();
        // A truncated image is found before the settings are written: the corrected data runs in the same directory.
        Path image;
        try (var files = Files.list(l.images("train"))) {
            image = files.sorted().findFirst().orElseThrow();
        }
        byte[] whole = Files.readAllBytes(image);
        Files.write(image, java.util.Arrays.copyOf(whole, 300));
        assertThatThrownBy(() -> SpNasSearchMain.tiny(dir).optDetectionData(l.annotations("train"), l.images("train"))
                .optHoldoutFraction(0.4).build().run())
                .isInstanceOf(org.nas4det.core.io.MalformedFileException.class).hasMessageContaining("cannot decode");
        assertThat(dir.resolve(SpNasPipeline.SETTINGS)).doesNotExist();
    }
}
