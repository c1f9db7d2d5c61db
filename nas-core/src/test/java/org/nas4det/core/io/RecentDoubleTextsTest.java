package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentDoubleTextsTest {

    @Test
    void everyValueReadsAsDoubleToStringAlsoWhenSlotsCollide() {
        RecentDoubleTexts texts = new RecentDoubleTexts(3); // 8 slots: most values collide
        Random rng = new Random(5);
        double[] recurring = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, 8.122E-6, 3.7273599746820003, 1e7, 0.001};
        for (int i = 0; i < 20_000; i++) {
            double v = rng.nextInt(3) == 0
                    ? recurring[rng.nextInt(recurring.length)]
                    : Double.longBitsToDouble(rng.nextLong());
            assertThat(texts.text(v)).isEqualTo(Double.toString(v));
        }
    }

    @Test
    void aRecurringValueIsConvertedOnce() {
        RecentDoubleTexts texts = new RecentDoubleTexts(12);
        String first = texts.text(13.490312020349425);
        assertThat(texts.text(13.490312020349425)).isSameAs(first).isEqualTo("13.490312020349425");
        assertThat(texts.text(-0.0)).isEqualTo("-0.0");
        assertThat(texts.text(0.0)).isEqualTo("0.0");
    }
}
