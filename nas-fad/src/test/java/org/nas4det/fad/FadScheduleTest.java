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
}
