package org.nas4det.core.io;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 bytes, for text written a line at a time and sent to a file as it is:
 * a search log's lines go from here to the channel with no character buffer and no encoder between
 * them. Not synchronised (unlike {@code ByteArrayOutputStream}): one thread writes at a time.
 * Unpaired surrogates are written as {@code '?'}, as {@link String#getBytes} writes them.
 *
 * <pre>{@code Utf8Buffer b = new Utf8Buffer(); b.append("{\"i\":").append(3).append('}'); channel.write(b.view());}</pre>
 */
public final class Utf8Buffer {

    private byte[] bytes;
    private int size;
    // Made by the first append(double): most buffers write no double.
    private ShortestDecimal decimal;

    /** Creates an empty buffer. */
    public Utf8Buffer() {
        this(256);
    }

    /** @param capacity bytes it holds before it first grows */
    public Utf8Buffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** @return how many bytes it holds */
    public int size() {
        return size;
    }

    /**
     * Drops the bytes from an offset on (a half-written line, say).
     *
     * @param newSize the bytes kept, at most {@link #size()}
     */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("size " + newSize + " of " + size);
        }
        size = newSize;
    }

    /** Empties it, keeping its capacity. */
    public void clear() {
        size = 0;
    }

    /** @return its bytes, read from a buffer's position to its limit (a view: valid until the next change) */
    public ByteBuffer view() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /**
     * @param c a character: one byte when ASCII, else its UTF-8 bytes on its own (a surrogate alone
     *     is {@code '?'}: a pair is appended as one string)
     * @return this
     */
    public Utf8Buffer append(char c) {
        if (c >= 0x80) {
            return append(String.valueOf(c));
        }
        room(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /**
     * @param s any text, written as UTF-8 (each call encodes its whole string: a surrogate pair
     *     split across two calls is two {@code '?'}); null is written as {@code null}, as
     *     {@code StringBuilder} writes it
     * @return this
     */
    public Utf8Buffer append(String s) {
        if (s == null) {
            s = "null";
        }
        if (isAscii(s)) {
            appendAscii(s);
        } else {
            append(s.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /**
     * @param v a number, written in decimal
     * @return this
     */
    public Utf8Buffer append(long v) {
        if (v == Long.MIN_VALUE) {
            appendAscii(Long.toString(v)); // its magnitude has no long
            return this;
        }
        room(20);
        byte[] b = bytes;
        int at = size;
        if (v < 0) {
            b[at++] = '-';
            v = -v;
        }
        int end = at + digits(v);
        size = end;
        // Two digits a step from the end, in int arithmetic once the value fits (a log line has
        // about fifty numbers: a digit a division took two thirds of its writing time).
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100) << 1;
            b[--end] = DIGIT_PAIRS[r + 1];
            b[--end] = DIGIT_PAIRS[r];
            v = q;
        }
        int i = (int) v;
        while (i >= 100) {
            int q = i / 100;
            int r = (i - q * 100) << 1;
            b[--end] = DIGIT_PAIRS[r + 1];
            b[--end] = DIGIT_PAIRS[r];
            i = q;
        }
        if (i >= 10) {
            b[--end] = DIGIT_PAIRS[(i << 1) + 1];
            b[--end] = DIGIT_PAIRS[i << 1];
        } else {
            b[--end] = (byte) ('0' + i);
        }
        return this;
    }

    /**
     * Writes a double as {@link Double#toString(double)} of JDK 19 and later writes it: the shortest
     * decimal that reads back as the value, plain from 10^-3 to below 10^7, else as
     * {@code d.dddE<n>}; {@code NaN}, {@code Infinity}, {@code -0.0}. JDK 17's own conversion writes
     * a longer digit string for about one value in a hundred (e.g. {@code 8.7266430623982768E16} for
     * {@code 8.726643062398277E16}).
     *
     * @param v a value
     * @return this
     */
    public Utf8Buffer append(double v) {
        if (v != v || v == Double.POSITIVE_INFINITY || v == Double.NEGATIVE_INFINITY || v == 0) {
            appendAscii(Double.toString(v)); // NaN, Infinity, -Infinity, 0.0 and -0.0: JDKs agree
            return this;
        }
        ShortestDecimal d = decimal;
        if (d == null) {
            d = decimal = new ShortestDecimal();
        }
        if (!d.set(Math.abs(v))) {
            appendAscii(DoubleToDecimal.toString(v)); // outside ShortestDecimal's range: rare in a log
            return this;
        }
        if (v < 0) {
            append('-');
        }
        long digits = d.digits();
        int n = digits(digits);
        int point = n + d.exponent(); // the value is 0.<digits> * 10^point
        room(n + 8);
        int start = size;
        append(digits);
        if (point > 0 && point <= 7) {
            if (n <= point) {
                for (int i = n; i < point; i++) {
                    bytes[size++] = '0';
                }
                bytes[size++] = '.';
                bytes[size++] = '0';
            } else {
                insertPoint(start + point);
            }
        } else if (point > -3 && point <= 0) {
            int zeros = 2 - point; // "0." and -point zeros before the digits
            System.arraycopy(bytes, start, bytes, start + zeros, n);
            bytes[start] = '0';
            bytes[start + 1] = '.';
            for (int i = 2; i < zeros; i++) {
                bytes[start + i] = '0';
            }
            size += zeros;
        } else {
            insertPoint(start + 1);
            if (n == 1) {
                bytes[size++] = '0';
            }
            bytes[size++] = 'E';
            append((long) (point - 1));
        }
        return this;
    }

    /** Shifts the bytes from an offset on by one and writes a decimal point there (room checked). */
    private void insertPoint(int at) {
        System.arraycopy(bytes, at, bytes, at + 1, size - at);
        bytes[at] = '.';
        size++;
    }

    /** "00" to "99": the two digits of each number below 100. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** 10^i, i = 0..18. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = 10 * POWERS_OF_TEN[i - 1];
        }
    }

    /** @return the decimal digits of a number that is at least 0 */
    private static int digits(long v) {
        // log10 from the bit length (1233 / 4096 is just above log10(2)), then one comparison.
        int d = ((64 - Long.numberOfLeadingZeros(v | 1)) * 1233) >>> 12;
        return d < POWERS_OF_TEN.length && v >= POWERS_OF_TEN[d] ? d + 1 : Math.max(d, 1);
    }

    /**
     * @param b bytes already in UTF-8
     * @return this
     */
    Utf8Buffer append(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /**
     * Appends text known to be ASCII: a copy of its characters' low bytes, with no encoding step.
     *
     * @param s characters below 0x80 only
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies the low bytes: exact for ASCII
    void appendAscii(String s) {
        int n = s.length();
        room(n);
        s.getBytes(0, n, bytes, size);
        size += n;
    }

    /** @return whether every character of a text is below 0x80 */
    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** @return a copy of the bytes it holds */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** @return the text it holds */
    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private void room(int n) {
        if (bytes.length - size < n) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, 2 * bytes.length));
        }
    }
}
