package org.nas4det.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress bar's rate counts only candidates new to this run. */
class ProgressBarRateTest {

    @Test
    void aResumedSearchReplayingItsLogShowsNoNegativeRate() {
        // Started with 120 candidates (100 checkpointed, 20 in the log past it); replaying them
        // counts 101, 102, ... again.
        assertThat(ProgressBarListener.rate(105, 120, 2.0)).isZero();
        assertThat(ProgressBarListener.rate(120, 120, 2.0)).isZero();
        assertThat(ProgressBarListener.rate(130, 120, 2.0)).isEqualTo(5.0);
        assertThat(ProgressBarListener.rate(130, 120, 0.0)).isZero();
    }
}
