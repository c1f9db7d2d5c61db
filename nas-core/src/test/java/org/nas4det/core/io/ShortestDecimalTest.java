package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortestDecimal}'s choice and {@link Utf8Buffer#append(double)}'s layout against
 * {@code Double.toString} of JDK 25 (a fixture) and jackson-core's Schubfach (the same algorithm
 * as JDK 19's), on the values a log writes and on the edges of the range.
 */
class ShortestDecimalTest {

    /**
     * 4,000 doubles (raw bits in hex) and their {@code Double.toString} on JDK 25, written by a
     * small program running that JDK: random bits, uniform values over 25 decades, nanosecond
     * counts in seconds, Gaussian scores, and large integers times powers of two (where JDK 17
     * writes longer texts: 49 of these lines differ from JDK 17's).
     */
    private static final String JDK25_TEXTS = "double-texts-jdk25.txt";

    private static String text(double v) {
        return new Utf8Buffer(4).append(v).toString(); // a small buffer: grows while writing
    }

    @Test
    void textsAreThoseOfJdk25() throws IOException {
        String fixture;
        try (InputStream in = ShortestDecimalTest.class.getResourceAsStream(JDK25_TEXTS)) {
            fixture = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        int lines = 0;
        int notJdkText = 0;
        for (String line : fixture.split("\n")) {
            String[] f = line.split(" ");
            double v = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
            assertThat(text(v)).as("bits %s", f[0]).isEqualTo(f[1]);
            if (!f[1].equals(Double.toString(v))) {
                notJdkText++;
            }
            lines++;
        }
        assertThat(lines).isEqualTo(4000);
        if (Runtime.version().feature() < 19) {
            // The fixture does hold the values where this JDK's own text is longer.
            assertThat(notJdkText).isEqualTo(49);
        }
    }

    @Test
    void textsAreSchubfachsOnTheValuesALogWritesAndAcrossTheRange() {
        Random rng = new Random(11);
        ShortestDecimal d = new ShortestDecimal();
        int inRange = 0;
        for (int i = 0; i < 400_000; i++) {
            double v = switch (i % 8) {
                case 0 -> Double.longBitsToDouble(rng.nextLong()); // any double
                case 1 -> Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(90) - 36); // every binade of the range
                case 2 -> Math.pow(10, rng.nextDouble() * 28 - 12); // uniform in log over its decades
                case 3 -> rng.nextInt(1_000_000_000) / 1e9; // wall times in whole nanoseconds
                case 4 -> Math.exp(rng.nextGaussian() * 3) * 100; // scores and entropies
                case 5 -> Math.scalb(1.0, rng.nextInt(100) - 40); // powers of two: the lopsided interval
                case 6 -> neighbourOfAPowerOfTen(rng);
                default -> (rng.nextInt(2_000_000) - 1_000_000) * Math.pow(10, rng.nextInt(20) - 10); // short decimals
            };
            assertThat(text(v)).as("%s (bits %x)", v, Double.doubleToRawLongBits(v))
                    .isEqualTo(DoubleToDecimal.toString(v));
            if (v > 0 && d.set(v)) {
                inRange++;
                // The decimal itself: no trailing zero, and it reads back as the value.
                assertThat(d.digits() % 10).isNotZero();
                assertThat(Double.parseDouble(d.digits() + "E" + d.exponent())).isEqualTo(v);
            }
        }
        assertThat(inRange).as("values that took the short path").isGreaterThan(200_000);
    }

    private static double neighbourOfAPowerOfTen(Random rng) {
        double p = Double.parseDouble("1E" + (rng.nextInt(28) - 12));
        int steps = rng.nextInt(3);
        for (int s = 0; s < steps; s++) {
            p = rng.nextBoolean() ? Math.nextUp(p) : Math.nextDown(p);
        }
        return p;
    }

    @Test
    void theRangesEdgesAndSpecialValues() {
        double[] values = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE,
            1e7, Math.nextDown(1e7), 9999999.0, 9999999.999999998, 0.001, Math.nextDown(0.001), 9.9E-4,
            1.0, -1.0, 0.1, 0.2, 0.3, 100.0, 123456.0, 1e-10, 1.2e-10, 1.1e-10, 4.5e15, 4.6e15, 9.007199254740992E15,
            8.726643062398277E16, 8.122E-6, 3.7273599746820003, 2.0E-3, 5e-324, 1.7976931348623157E308,
            330.96631581636996, 0.073042236, 4.9E-324};
        ShortestDecimal d = new ShortestDecimal();
        for (double v : values) {
            for (double s : new double[] {v, -v}) {
                assertThat(text(s)).as("%s", s).isEqualTo(DoubleToDecimal.toString(s));
            }
        }
        assertThat(text(8.726643062398277E16)).isEqualTo("8.726643062398277E16"); // JDK 17: 8.7266430623982768E16
        assertThat(text(0.073042236)).isEqualTo("0.073042236");
        assertThat(text(9.9E-4)).isEqualTo("9.9E-4");
        assertThat(text(1e7)).isEqualTo("1.0E7");
        assertThat(text(-0.0)).isEqualTo("-0.0");
        // The short path's own range: normal positive values from about 1.2e-10 to 4.5e15.
        assertThat(d.set(1e-9)).isTrue();
        assertThat(d.set(1e15)).isTrue();
        assertThat(d.set(1e-11)).isFalse();
        assertThat(d.set(1e16)).isFalse();
        assertThat(d.set(-1.0)).isFalse();
        assertThat(d.set(Double.MIN_VALUE)).isFalse();
    }
}
