package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nas4det.fad.search.SearchSettings;

/** The search schedule follows the iteration budget (spec decision 4), unless set in iterations. */
class FadScheduleTest {

    private static int[] schedule(Fad.Builder b) {
        SearchSettings s = b.searchSettings();
        return new int[] {s.iterations(), s.warmup(), s.dropAt(), s.checkpointEvery()};
    }

    @Test
    void thePaperSettingsAndTheirShareOfAnotherBudget() {
        // Spec section 3: 17,500 iterations, warm-up 500, the drop at 12,500; the release logs every 2,500.
        assertThat(schedule(Fad.paper())).containsExactly(17_500, 500, 12_500, 2_500);
        assertThat(schedule(Fad.paper().optIterations(1_750))).containsExactly(1_750, 50, 1_250, 250);
        assertThat(schedule(Fad.paper().optIterations(5_000))).containsExactly(5_000, 143, 3_571, 714);
    }

    @Test
    void theCpuPresetScalesItsOwnShares() {
        assertThat(schedule(Fad.cpu())).containsExactly(40, 5, 30, 10);
        assertThat(schedule(Fad.cpu().optIterations(400))).containsExactly(400, 50, 300, 100);
        assertThat(schedule(Fad.cpu().optIterations(3))).containsExactly(3, 0, 2, 1);
    }

    @Test
    void valuesSetInIterationsWin() {
        assertThat(schedule(Fad.cpu().optIterations(400).optWarmup(7).optDropAt(0).optCheckpointEvery(33)))
                .containsExactly(400, 7, 0, 33);
    }

    @Test
    void thePaperFinalTrainingDropsTheRateAt60kAnd80kAfterAConstantWarmUp() {
        // Spec section 3: LR 0.01, constant warm-up at 1/3 for 500 iterations, 90k iterations, drops at 60k and 80k.
        org.nas4det.core.train.LearningRateSchedule s = Fad.paper().finalSchedule();
        assertThat(s.at(0)).isCloseTo(0.01f / 3, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(s.at(499)).isCloseTo(0.01f / 3, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(s.at(500)).isCloseTo(0.01f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(s.at(59_999)).isCloseTo(0.01f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(s.at(60_000)).isCloseTo(0.001f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(s.at(79_999)).isCloseTo(0.001f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(s.at(80_000)).isCloseTo(0.0001f, org.assertj.core.data.Offset.offset(1e-9f));
        // Scaled with the iterations; the CPU preset keeps the trainer's cosine decay.
        org.nas4det.core.train.LearningRateSchedule nine = Fad.paper().optFinalIterations(900).finalSchedule();
        assertThat(nine.at(599)).isCloseTo(0.01f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(nine.at(600)).isCloseTo(0.001f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(Fad.cpu().finalSchedule()).isNull();
    }
}
