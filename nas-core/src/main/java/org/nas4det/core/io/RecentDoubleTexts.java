package org.nas4det.core.io;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;

/**
 * The text of recently written doubles: the shortest decimal that reads back as the same double,
 * laid out as {@link Double#toString(double)} lays it out. That is exactly {@code Double.toString}
 * of JDK 19 and later (Raffaello Giulietti's Schubfach algorithm, through jackson-core's port);
 * JDK 17's own conversion writes a longer digit string for about one value in a hundred (e.g.
 * {@code 8.7266430623982768E16} for {@code 8.726643062398277E16}) and is slow, and its large
 * conversion routine cost the JIT about 0.7 s of CPU in a paper-scale search's first seconds.
 * A search log writes several doubles a line that recur from line to line (a child shares the
 * entropies of the stages it did not change with its parent; wall times are counted in whole
 * nanoseconds): about half of the values of a MAE-DET search's log are found here instead
 * (measured on a 92,592-candidate log).
 *
 * <p>One slot per hash of the value's bits, the last value wins. Threads may share it: a slot
 * holds an immutable entry, and a lost race only costs a conversion.
 *
 * <pre>{@code out.append(RecentDoubleTexts.SHARED.text(v));}</pre>
 */
final class RecentDoubleTexts {

    /** The one cache of the process. */
    static final RecentDoubleTexts SHARED = new RecentDoubleTexts(12);

    private static final class Entry {
        final long bits;
        final String text;

        Entry(long bits, String text) {
            this.bits = bits;
            this.text = text;
        }
    }

    private final Entry[] slots;
    private final int shift;

    /** @param log2Slots the number of slots, as a power of two */
    RecentDoubleTexts(int log2Slots) {
        slots = new Entry[1 << log2Slots];
        shift = 64 - log2Slots;
    }

    /**
     * @param v a value
     * @return its shortest text, {@code Double.toString(v)} of JDK 19 and later
     */
    String text(double v) {
        long bits = Double.doubleToRawLongBits(v);
        // Fibonacci hashing: the high bits of the product mix every bit of the value.
        int i = (int) ((bits * 0x9E3779B97F4A7C15L) >>> shift);
        Entry e = slots[i];
        if (e == null || e.bits != bits) {
            e = new Entry(bits, DoubleToDecimal.toString(v));
            slots[i] = e;
        }
        return e.text;
    }
}
