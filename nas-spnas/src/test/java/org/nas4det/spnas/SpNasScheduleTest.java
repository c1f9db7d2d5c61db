package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.nas4det.core.train.LearningRateSchedule;

/** The paper preset trains on the paper's schedules (spec 2.4 and 4); the CPU preset on the core trainer's cosine decay. */
class SpNasScheduleTest {

    @Test
    void candidatesWarmUpFromAThousandthThenKeepTheRate() {
        // Spec 2.4: lr 0.02, linear warm-up over 1000 iterations with ratio 0.001, MultiStepLR at epochs 10 and 20 never reached.
        LearningRateSchedule s = SpNas.paper().fineTune().schedule();
        assertThat(s.at(0)).isCloseTo(0.02f * 0.001f, offset(1e-9f));
        assertThat(s.at(500)).isCloseTo(0.02f * (0.001f + 0.999f * 0.5f), offset(1e-6f));
        assertThat(s.at(1_000)).isCloseTo(0.02f, offset(1e-9f));
        assertThat(s.at(88_703)).isCloseTo(0.02f, offset(1e-9f));
    }

    @Test
    void theFinalTrainingDropsAtEpochs10And20Of24() {
        TrainSettings t = SpNas.paper().finalTraining();
        LearningRateSchedule s = t.schedule();
        int epoch = t.iterations() / 24; // 29,568 iterations an epoch at batch 4
        assertThat(epoch).isEqualTo(29_568);
        assertThat(s.at(10 * epoch - 1)).isCloseTo(0.02f, offset(1e-9f));
        assertThat(s.at(10 * epoch)).isCloseTo(0.002f, offset(1e-9f));
        assertThat(s.at(20 * epoch - 1)).isCloseTo(0.002f, offset(1e-9f));
        assertThat(s.at(20 * epoch)).isCloseTo(0.0002f, offset(1e-9f));
        // The drops stay fractions when the iterations change.
        LearningRateSchedule shorter = t.withIterations(24_000).schedule();
        assertThat(shorter.at(9_999)).isCloseTo(0.02f, offset(1e-9f));
        assertThat(shorter.at(10_000)).isCloseTo(0.002f, offset(1e-9f));
    }

    @Test
    void theCpuPresetKeepsCosineDecayAndItsFingerprintText() {
        TrainSettings t = SpNas.cpu().fineTune();
        assertThat(t.drops()).isNull();
        assertThat(t.describe()).isEqualTo("iterations=20, batch=4, lr=0.01, warmup=5");
        assertThat(t.schedule().describe()).isEqualTo(LearningRateSchedule.cosine(0.01f, 20).warmup(5, 0.1f, false).describe());
        assertThat(SpNas.paper().finalTraining().describe()).endsWith(", drops=[" + 10.0 / 24 + ", " + 20.0 / 24 + "]");
        assertThatThrownBy(() -> TrainSettings.stepped(10, 1, 0.1f, 0, 1.5)).hasMessageContaining("(0, 1]");
    }

    @Test
    void theBuilderNamesEachValueAndGivesTheSameSettingsAsThePositionalForms() {
        assertThat(TrainSettings.builder().optIterations(709_632).optBatchSize(4).optLearningRate(0.02f).optWarmup(1000)
                .optDropsAt(10.0 / 24, 20.0 / 24).build()).isEqualTo(TrainSettings.stepped(709_632, 4, 0.02f, 1000, 10.0 / 24, 20.0 / 24));
        TrainSettings cosine = TrainSettings.builder().optIterations(30).optBatchSize(3).optLearningRate(0.05f).optWarmup(2).build();
        assertThat(cosine).isEqualTo(new TrainSettings(30, 3, 0.05f, 2));
        assertThat(cosine.toBuilder().optIterations(60).build()).isEqualTo(new TrainSettings(60, 3, 0.05f, 2));
        assertThat(SpNas.paper().finalTraining().toBuilder().build()).isEqualTo(SpNas.paper().finalTraining());
        assertThat(SpNas.paper().finalTraining().toBuilder().optCosineDecay().build().drops()).isNull();
        assertThatThrownBy(() -> TrainSettings.builder().optLearningRate(Float.POSITIVE_INFINITY).build())
                .hasMessageStartingWith("optLearningRate: ");
        assertThatThrownBy(() -> TrainSettings.builder().optIterations(0).build()).hasMessage("optIterations: must be >= 1, got 0");
        assertThatThrownBy(() -> TrainSettings.builder().optBatchSize(-2).build()).hasMessageStartingWith("optBatchSize: ");
        assertThatThrownBy(() -> TrainSettings.builder().optLearningRate(Float.NaN).build()).hasMessageStartingWith("optLearningRate: ");
        assertThatThrownBy(() -> TrainSettings.builder().optWarmup(-1).build()).hasMessageStartingWith("optWarmup: ");
        assertThatThrownBy(() -> TrainSettings.builder().optDropsAt(0.5, 2).build()).hasMessageStartingWith("optDropsAt: ");
    }
}
