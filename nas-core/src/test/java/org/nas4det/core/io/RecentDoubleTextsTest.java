package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentDoubleTextsTest {

    /**
     * 4,000 doubles (raw bits in hex) and their {@code Double.toString} on JDK 25, written by a
     * small program running that JDK: random bits, uniform values over 25 decades, nanosecond
     * counts in seconds, Gaussian scores, and large integers times powers of two (where JDK 17
     * writes longer texts: 49 of these lines differ from JDK 17's).
     */
    private static final String JDK25_TEXTS = "double-texts-jdk25.txt";

    @Test
    void textsAreThoseOfJdk25() throws IOException {
        RecentDoubleTexts texts = new RecentDoubleTexts(3); // 8 slots: most values collide
        String fixture;
        try (InputStream in = RecentDoubleTextsTest.class.getResourceAsStream(JDK25_TEXTS)) {
            fixture = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        int lines = 0;
        int notJdkText = 0;
        for (String line : fixture.split("\n")) {
            String[] f = line.split(" ");
            double v = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
            assertThat(texts.text(v)).as("bits %s", f[0]).isEqualTo(f[1]);
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
    void everyTextReadsBackAsItsValueAndIsNeverLongerThanThisJdksAlsoWhenSlotsCollide() {
        RecentDoubleTexts texts = new RecentDoubleTexts(3);
        Random rng = new Random(5);
        double[] recurring = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, 8.122E-6, 3.7273599746820003, 1e7, 9999999.0, 0.001, 9.9E-4};
        for (int i = 0; i < 50_000; i++) {
            double v = rng.nextInt(3) == 0
                    ? recurring[rng.nextInt(recurring.length)]
                    : Double.longBitsToDouble(rng.nextLong());
            String text = texts.text(v);
            String jdk = Double.toString(v);
            if (Double.isNaN(v)) {
                assertThat(text).isEqualTo("NaN");
                continue;
            }
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).as(jdk).isEqualTo(Double.doubleToRawLongBits(v));
            assertThat(text.length()).as(jdk).isLessThanOrEqualTo(jdk.length());
            // The same layout: plain decimals in [1e-3, 1e7), else d.dddE<n>.
            assertThat(text.contains("E")).as(jdk).isEqualTo(jdk.contains("E"));
            if (Runtime.version().feature() >= 19) {
                assertThat(text).isEqualTo(jdk);
            }
        }
    }

    @Test
    void aRecurringValueIsConvertedOnce() {
        RecentDoubleTexts texts = new RecentDoubleTexts(12);
        String first = texts.text(13.490312020349425);
        assertThat(texts.text(13.490312020349425)).isSameAs(first).isEqualTo("13.490312020349425");
        assertThat(texts.text(-0.0)).isEqualTo("-0.0");
        assertThat(texts.text(0.0)).isEqualTo("0.0");
        // JDK 17 writes 8.7266430623982768E16: one digit more than the value needs.
        assertThat(texts.text(8.726643062398277E16)).isEqualTo("8.726643062398277E16");
    }
}
