package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The buffer's bytes are String.getBytes(UTF_8) of the same text, numbers as Long.toString. */
class Utf8BufferTest {

    @Test
    void numbersAreLongToStringAtEveryLength() {
        Random rng = new Random(3);
        long[] edges = {0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L};
        Utf8Buffer b = new Utf8Buffer(16); // grows many times
        StringBuilder expected = new StringBuilder();
        for (long v : edges) {
            b.append(v).append(',');
            expected.append(v).append(',');
        }
        // Every power of ten and its neighbours, both signs; the int range's ends.
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p = p <= Long.MAX_VALUE / 10 ? p * 10 : -1) {
            for (long v : new long[] {p - 1, p, p + 1, -p + 1, -p, -p - 1}) {
                b.append(v).append(',');
                expected.append(v).append(',');
            }
        }
        for (long v : new long[] {Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L}) {
            b.append(v).append(',');
            expected.append(v).append(',');
        }
        for (int i = 0; i < 20_000; i++) {
            long v = rng.nextLong() >> rng.nextInt(64);
            b.append(v).append(',');
            expected.append(v).append(',');
        }
        assertThat(b.toString()).isEqualTo(expected.toString());
        assertThat(b.size()).isEqualTo(expected.length());
    }

    @Test
    void textIsUtf8AsStringWritesItUnpairedSurrogatesIncluded() {
        String[] texts = {"plain ascii", "caf\u00e9", "\u4e2d\u6587", "\ud83d\ude00 emoji", "lone \ud83d high",
            "lone \ude00 low", "\u0000\u007f\u0080\u07ff\u0800\uffff", ""};
        Utf8Buffer b = new Utf8Buffer();
        StringBuilder all = new StringBuilder();
        for (String t : texts) {
            b.append(t).append('\n');
            all.append(t).append('\n');
        }
        assertThat(b.toByteArray()).isEqualTo(all.toString().getBytes(StandardCharsets.UTF_8));
        // Null as StringBuilder writes it; a pair split across two calls is two lone surrogates.
        assertThat(new Utf8Buffer().append((String) null).toString()).isEqualTo("null");
        assertThat(new Utf8Buffer().append("\ud83d").append("\ude00").toString()).isEqualTo("??");
        // A non-ASCII char on its own is UTF-8 too, never one truncated byte.
        assertThat(new Utf8Buffer().append('\u00e9').toByteArray()).isEqualTo("\u00e9".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void truncateDropsTheTailAndRefusesSizesItDoesNotHold() {
        Utf8Buffer b = new Utf8Buffer().append("{\"i\":1}\n").append("{\"i\":");
        b.truncate(8);
        assertThat(b.toString()).isEqualTo("{\"i\":1}\n");
        assertThatThrownBy(() -> b.truncate(9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.truncate(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        b.clear();
        assertThat(b.size()).isZero();
        assertThat(b.view().remaining()).isZero();
    }
}
