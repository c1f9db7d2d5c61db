package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4det.core.builders.NullArguments;

/**
 * DetNAS's builders: a null argument fails in its setter, naming it; a bad value is an
 * IllegalArgumentException that starts with the setter's name and gives the value, one check per setting.
 */
class BuilderNullArgumentsTest {

    @Test
    void detNasBuilderNamesTheSetterOfANull() {
        NullArguments.assertFollowed(DetNasBuilder.class, DetNas::builder, Set.of(
                "optClassificationData(Path)",        // null: the synthetic classification set (the default)
                "optDetectionData(DetectionData)",    // null: the synthetic detection set (the default)
                "optHoldoutData(DetectionData)",      // null: split off the training data (the default)
                "optSupernet(Path)",                  // null: train a supernet here (the default)
                "optRunDirectory(Path)"));            // null: a new temporary directory (the default)
    }

    @Test
    void spaceBuilderNamesTheSetterOfANull() {
        NullArguments.assertFollowed(DetNasSpace.Builder.class, DetNasSpace::builder, Set.of());
    }

    @Test
    void detNasBuilderMessagesStartWithTheSetter() {
        assertThatThrownBy(() -> DetNas.builder().optHeadChannels(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optHeadChannels: must be >= 1, got -1");
        assertThatThrownBy(() -> DetNas.builder().optTowerDepth(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optTowerDepth: must be >= 0, got -2");
        assertThatThrownBy(() -> DetNas.builder().optLastChannels(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optLastChannels: must be >= 0 (0 for none), got -1");
        // One check per value: the message says which of the two is wrong.
        assertThatThrownBy(() -> DetNas.builder().optBatchNorm(BnPolicy.RECALIBRATE, 64, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optBatchNorm: calibration batch must be >= 1, got 0");
        assertThatThrownBy(() -> DetNas.builder().optBatchNorm(BnPolicy.RECALIBRATE, 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optBatchNorm: calibration images must be >= 1, got 0");
    }

    @Test
    void spaceMessagesStartWithTheSetter() {
        assertThatThrownBy(() -> DetNasSpace.builder().optStem(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optStem: the stem width must be >= 1, got 0");
        assertThatThrownBy(() -> DetNasSpace.builder().optWidths(64, 161))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optWidths: stage widths must be even and >= 2, got 161");
        assertThatThrownBy(() -> DetNasSpace.builder().optWidths(64, 160).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optWidths, optDepths: 2 widths but 4 depths");
        assertThatThrownBy(() -> DetNasSpace.builder().optLevels(2, 6).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optLevels: levels must be within 2..5");
    }

    @Test
    void supernetTrainingMessagesNameOneSettingEach() {
        // These were one lumped message at build() before.
        assertThatThrownBy(() -> SupernetTraining.cpuPretraining().optImageSize(33))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optImageSize: must be a multiple of 32 from 32 to 8192, got 33");
        assertThatThrownBy(() -> SupernetTraining.cpuPretraining().optBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optBatchSize: must be >= 1, got 0");
        assertThatThrownBy(() -> SupernetTraining.cpuPretraining().optLabelSmoothing(1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optLabelSmoothing: must be in [0, 1), got 1.0");
    }

    @Test
    void resumingWithoutARunDirectoryIsABadValueNamingOptResume() {
        // As in FAD and SP-NAS: the two settings disagree, so build() refuses them.
        assertThatThrownBy(() -> DetNas.cpu().optResume(true).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optResume: resuming needs optRunDirectory");
    }

    @Test
    void aMissingSupernetOrClassificationFolderIsNamedBeforeAnythingIsWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        java.nio.file.Path run = tmp.resolve("run");
        assertThatThrownBy(() -> DetNas.cpu().optRunDirectory(run).optSupernet(tmp.resolve("missing.params")).build().run())
                .isInstanceOf(org.nas4det.core.io.MissingFileException.class).hasMessageContaining("optSupernet (--supernet): file does not exist");
        assertThatThrownBy(() -> DetNas.cpu().optRunDirectory(run).optClassificationData(tmp.resolve("no-images")).build().run())
                .isInstanceOf(org.nas4det.core.io.MissingFileException.class)
                .hasMessageContaining("optClassificationData (--cls-data): folder does not exist");
        org.assertj.core.api.Assertions.assertThat(run).doesNotExist();
    }
}
