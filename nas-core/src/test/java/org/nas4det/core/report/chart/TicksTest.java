package org.nas4det.core.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TicksTest {

    private static List<String> labels(Ticks t) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.count(); i++) {
            out.add(t.label(i));
        }
        return out;
    }

    @Test
    void stepsOfOneTwoOrFiveCoverTheData() {
        assertThat(labels(Ticks.of(0.13, 0.92, 6))).containsExactly("0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertThat(labels(Ticks.of(1, 92_000, 7))).containsExactly("0", "20000", "40000", "60000", "80000", "100000");
        assertThat(labels(Ticks.of(-0.37, -0.02, 5))).containsExactly("-0.4", "-0.3", "-0.2", "-0.1", "0");
        assertThat(labels(Ticks.of(17.5, 27.9, 6))).containsExactly("16", "18", "20", "22", "24", "26", "28");
    }

    @Test
    void largeAndTinyValuesShareOneExponent() {
        assertThat(labels(Ticks.of(2e9, 1.9e10, 7))).containsExactly("0", "0.5E10", "1.0E10", "1.5E10", "2.0E10");
        assertThat(labels(Ticks.of(1.62e10, 1.87e10, 6))).containsExactly("1.60E10", "1.65E10", "1.70E10", "1.75E10", "1.80E10", "1.85E10", "1.90E10");
        assertThat(labels(Ticks.of(1.2e-5, 3.1e-5, 4))).containsExactly("1.0E-5", "1.5E-5", "2.0E-5", "2.5E-5", "3.0E-5", "3.5E-5");
    }

    @Test
    void oneValueGetsANeighbourhood() {
        Ticks t = Ticks.of(3, 3, 5);
        assertThat(t.min()).isLessThan(3);
        assertThat(t.max()).isGreaterThan(3);
        Ticks zero = Ticks.of(0, 0, 5);
        assertThat(zero.min()).isLessThan(0);
        assertThat(zero.max()).isGreaterThan(0);
    }

    @Test
    void randomRangesAreCoveredByFewTicksWithDistinctExactLabels() {
        Random rng = new Random(11);
        for (int k = 0; k < 2000; k++) {
            double scale = Math.pow(10, rng.nextInt(30) - 12);
            double a = (rng.nextDouble() * 2 - 1) * scale;
            double b = a + rng.nextDouble() * scale;
            int target = 2 + rng.nextInt(9);
            Ticks t = Ticks.of(a, b, target);
            assertThat(t.min()).as("first tick of [%s, %s]", a, b).isLessThanOrEqualTo(a);
            assertThat(t.max()).as("last tick of [%s, %s]", a, b).isGreaterThanOrEqualTo(b);
            // A nice step is at most 2.5 times the raw step, so the count stays near the target.
            assertThat(t.count()).as("ticks of [%s, %s] for %d", a, b, target).isBetween(2, 3 * target + 2);
            double step = t.value(1) - t.value(0);
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
            assertThat(Math.round(mantissa)).isIn(1L, 2L, 5L);
            List<String> labels = labels(t);
            assertThat(new HashSet<>(labels)).as("labels %s", labels).hasSize(labels.size());
            for (int i = 0; i < t.count(); i++) {
                assertThat(Double.parseDouble(labels.get(i))).as(labels.get(i))
                        .isCloseTo(t.value(i), within(1e-9 * Math.max(Math.abs(t.value(i)), step)));
                assertThat(labels.get(i).length()).as(labels.get(i)).isLessThanOrEqualTo(12);
            }
        }
    }

    @Test
    void extremeFiniteRangesStillGetFiniteTicks() {
        double[][] ranges = {
            {Double.MIN_VALUE, Double.MIN_VALUE}, {0, Double.MIN_VALUE}, {-Double.MIN_VALUE, Double.MIN_VALUE},
            {Double.MAX_VALUE, Double.MAX_VALUE}, {0, Double.MAX_VALUE}, {-Double.MAX_VALUE, Double.MAX_VALUE},
            {1e-300, 1e-299}, {-1e305, -1e305}
        };
        for (double[] r : ranges) {
            Ticks t = Ticks.of(r[0], r[1], 7);
            assertThat(t.count()).as("%s", java.util.Arrays.toString(r)).isBetween(2, 30);
            assertThat(Double.isFinite(t.min()) && Double.isFinite(t.max())).as("%s", java.util.Arrays.toString(r)).isTrue();
            assertThat(t.max()).isGreaterThan(t.min());
            // Within the +-1e300 an axis spans, the range is covered.
            assertThat(t.min()).isLessThanOrEqualTo(Math.max(r[0], -Ticks.LIMIT));
            assertThat(t.max()).isGreaterThanOrEqualTo(Math.min(r[1], Ticks.LIMIT));
            for (int i = 0; i < t.count(); i++) {
                assertThat(t.label(i)).isNotEmpty();
            }
        }
    }

    @Test
    void noRangeWithoutFiniteEnds() {
        assertThatThrownBy(() -> Ticks.of(Double.NaN, 1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ticks.of(2, 1, 5)).isInstanceOf(IllegalArgumentException.class);

    }
}
