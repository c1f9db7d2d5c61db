package org.nas4det.core.report.chart;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Tick marks of one axis at "nice" steps (1, 2 or 5 times a power of ten) that cover a data
 * range, with their labels. Labels are exact decimals; when the largest tick has 10^6 or more
 * (or is below 10^-3), all labels share its exponent, written {@code 1.8E10}, {@code 0.5E10},
 * so that large costs stay short and comparable.
 *
 * <pre>{@code Ticks t = Ticks.of(0.13, 0.92, 6); // 0, 0.2, ..., 1.0: t.value(5) == 1.0, t.label(5) is "1.0"}</pre>
 */
public final class Ticks {

    /** The largest magnitude an axis reaches. */
    static final double LIMIT = 1e300;
    /** Ranges and magnitudes below this are drawn as a neighbourhood of one value. */
    private static final double TINY = 1e-290;
    /** Below this many steps per range a tick index is exact in a long and a double. */
    private static final double MAX_INDEX = 1e12;

    private final long first;
    private final int count;
    private final int mantissa;
    private final int exponent;
    private final double step;

    private Ticks(long first, int count, int mantissa, int exponent) {
        this.first = first;
        this.count = count;
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.step = mantissa * Math.pow(10, exponent);
    }

    /**
     * Lays out ticks that cover {@code [min, max]}.
     *
     * @param min the least data value (finite)
     * @param max the greatest data value (finite, at least {@code min})
     * @param target about how many intervals are wanted (at least 1)
     * @return the ticks; the first is at most {@code min}, the last at least {@code max} (both
     *     within a billionth of a step, and within +-1e300)
     */
    public static Ticks of(double min, double max, int target) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min || target < 1) {
            throw new IllegalArgumentException("no tick layout for [" + min + ", " + max + "] in " + target);
        }
        // The axis spans at most +-1e300 (its ticks and their steps stay finite doubles); values
        // beyond are drawn at its edge.
        min = Math.min(Math.max(min, -LIMIT), LIMIT);
        max = Math.min(Math.max(max, -LIMIT), LIMIT);
        double range = max - min;
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        if (range <= magnitude * 1e-9 || range < TINY) {
            // One value (or nearly): show a small neighbourhood around it (around 0 for values
            // too small for a step of their own size).
            double pad = magnitude >= TINY ? magnitude * 0.05 : 1;
            min -= pad;
            max += pad;
            range = max - min;
        }
        double raw = range / target;
        int e = (int) Math.floor(Math.log10(raw));
        double f = raw / Math.pow(10, e);
        int m;
        if (f <= 1) {
            m = 1;
        } else if (f <= 2) {
            m = 2;
        } else if (f <= 5) {
            m = 5;
        } else {
            m = 1;
            e++;
        }
        double step = m * Math.pow(10, e);
        // The tolerance keeps a value that is a multiple of the step from adding a tick through rounding.
        long lo = (long) Math.floor(min / step + 1e-9);
        long hi = (long) Math.ceil(max / step - 1e-9);
        if (Math.abs((double) lo) > MAX_INDEX || Math.abs((double) hi) > MAX_INDEX) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] too narrow for its magnitude");
        }
        hi = Math.max(hi, lo + 1);
        return new Ticks(lo, (int) (hi - lo + 1), m, e);
    }

    /** @return how many ticks */
    public int count() {
        return count;
    }

    /**
     * @param i the tick, from 0
     * @return its value
     */
    public double value(int i) {
        return (first + i) * step;
    }

    /** @return the first tick's value: the axis starts here */
    public double min() {
        return value(0);
    }

    /** @return the last tick's value: the axis ends here */
    public double max() {
        return value(count - 1);
    }

    /**
     * @param i the tick, from 0
     * @return its label, e.g. {@code 0.25}, {@code 1200} or {@code 1.8E10}
     */
    public String label(int i) {
        long units = (first + i) * mantissa;
        if (units == 0) {
            return "0";
        }
        BigDecimal v = BigDecimal.valueOf(units).scaleByPowerOfTen(exponent);
        int top = topExponent();
        if (top >= 6 || top < -3) {
            BigDecimal m = v.scaleByPowerOfTen(-top).setScale(Math.max(0, top - exponent), RoundingMode.UNNECESSARY);
            return m.toPlainString() + "E" + top;
        }
        return v.setScale(Math.max(0, -exponent), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** The power of ten of the tick with the largest magnitude: the common exponent of long labels. */
    private int topExponent() {
        long units = Math.max(Math.abs(first), Math.abs(first + count - 1)) * mantissa;
        return exponent + (int) Math.floor(Math.log10(units));
    }
}
