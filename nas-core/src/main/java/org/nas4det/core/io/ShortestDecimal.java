package org.nas4det.core.io;

/**
 * The shortest decimal that reads back as a given double, chosen as {@link Double#toString(double)}
 * of JDK 19 and later chooses it (fewest digits; of those the closest to the value; of two as close
 * the one whose last digit is even), for the doubles a log writes: positive normal values from
 * about 1.2e-10 to 4.5e15. Over that range the decimal's bounds, scaled to about 18 digits, are
 * exact 128-bit integers ({@code m * 5^p / 2^r} with {@code p <= 27}, {@code 1 <= r <= 63}), so
 * the choice needs no big-number arithmetic and no table. {@link #set} says when a value is outside
 * it; the caller then uses a general conversion (jackson-core's Schubfach).
 *
 * <p>Why not that general conversion for every value: its code is several times larger, and the
 * JIT compiling it took about 0.17 CPU s of a two-second paper-scale search, on two cores time
 * taken from the search itself. {@code ShortestDecimalTest} checks this choice against it.
 *
 * <pre>{@code ShortestDecimal d = new ShortestDecimal(); if (d.set(330.96631581636996)) { d.digits(); d.exponent(); }}</pre>
 */
final class ShortestDecimal {

    /** 5^i, i = 0..27 (5^27 is below 2^63). */
    private static final long[] POWERS_OF_FIVE = new long[28];
    /** 10^i, i = 0..18. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_FIVE[0] = 1;
        for (int i = 1; i < POWERS_OF_FIVE.length; i++) {
            POWERS_OF_FIVE[i] = 5 * POWERS_OF_FIVE[i - 1];
        }
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = 10 * POWERS_OF_TEN[i - 1];
        }
    }

    private long digits;
    private int exponent;

    /** @return the decimal's digits, with no trailing zero: the value is {@code digits * 10^exponent} */
    long digits() {
        return digits;
    }

    /** @return the decimal's exponent */
    int exponent() {
        return exponent;
    }

    /**
     * Finds the shortest decimal of a value.
     *
     * @param v a positive value
     * @return false, and nothing set, when it is outside the range this class handles (zero,
     *     subnormal, below about 1.2e-10 or above about 4.5e15, infinite or NaN)
     */
    boolean set(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52);
        if (biased == 0 || biased >= 0x7ff) {
            return false; // zero, subnormal, negative, infinite or NaN
        }
        long fraction = bits & ((1L << 52) - 1);
        long m = fraction | (1L << 52);
        int e = biased - 1075; // v = m * 2^e
        // floor(log10(2^(e + 52))): v lies in [10^k, 10^(k + 1.302)). The constant is
        // log10(2) * 2^41, rounded up (Schubfach's), exact far beyond this range.
        int k = (int) (((long) (e + 52) * 661_971_961_083L) >> 41);
        // Scale by 10^p so that v becomes an integer of 18 or 19 digits (at most 2^61): every
        // decimal of 17 digits or fewer near v is then an integer too. Bounds and value are
        // (4m + j) * 2^(e - 2) * 10^p = (4m + j) * 5^p / 2^r, j = -2, -1, 0 or 2.
        int p = 17 - k;
        int r = 2 - e - p;
        if (p < 0 || p >= POWERS_OF_FIVE.length || r < 1 || r > 63) {
            return false;
        }
        long five = POWERS_OF_FIVE[p];
        // The values that read back as v lie between the midpoints to its neighbours, the lower
        // one closer when v is a power of two (its lower neighbour is half as far). Whether a
        // midpoint itself reads back as v (it does when m is even) never matters here: at this
        // scale a midpoint is an integer only when r = 1, and then it is odd, never a candidate.
        long lowerTimes4 = fraction == 0 && biased > 1 ? 4 * m - 1 : 4 * m - 2;
        long low = scaledFloor(lowerTimes4, five, r) + 1;
        long high = scaledFloor(4 * m + 2, five, r);
        // The most trailing zeros an integer in [low, high] can have: the fewest digits. The
        // interval spans v / 2^53 * 10^p >= 11 units, so a multiple of 10 is always in it.
        int z = 1;
        while (z + 1 < POWERS_OF_TEN.length) {
            long t = POWERS_OF_TEN[z + 1];
            if ((low + t - 1) / t * t > high) {
                break;
            }
            z++;
        }
        long t = POWERS_OF_TEN[z];
        // Of the multiples of 10^z around v, the one closer to v (both may be in the interval).
        long value = scaledFloor(4 * m, five, r);
        long below = value / t * t;
        long above = below + t;
        long half = t / 2;
        long d = value - below; // v is d + (a fraction) above `below`
        int side = d != half ? Long.compare(d, half) : scaledExact(4 * m, five, r) ? 0 : 1; // < 0: below is closer
        long chosen;
        if (side == 0) {
            chosen = (below / t & 1) == 0 ? below : above;
        } else {
            chosen = side < 0 ? below : above;
        }
        if (chosen < low || chosen > high) {
            chosen = chosen == below ? above : below;
        }
        digits = chosen / t;
        exponent = z - p;
        return true;
    }

    /** @return floor(x * five / 2^r) for x below 2^56, five below 2^63, 1 <= r <= 63, the result below 2^63 */
    private static long scaledFloor(long x, long five, int r) {
        long hi = Math.multiplyHigh(x, five);
        long lo = x * five;
        return (lo >>> r) | (hi << (64 - r));
    }

    /** @return whether x * five is a multiple of 2^r */
    private static boolean scaledExact(long x, long five, int r) {
        return ((x * five) & ((1L << r) - 1)) == 0;
    }
}
