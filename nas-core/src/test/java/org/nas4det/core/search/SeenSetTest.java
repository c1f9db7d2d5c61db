package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The open-addressing "seen" set answers as a HashSet does, whatever the keys' hashes. */
class SeenSetTest {

    /** A key whose hash is shared by many others: equality must decide, not the hash. */
    private record Key(int value, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).value == value;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void addAndContainsAgreeWithAHashSetThroughGrowthAndCollidingHashes() {
        for (int hashes : new int[] {1, 7, 1 << 20}) {
            Random rng = new Random(hashes);
            SeenSet<Key> seen = new SeenSet<>();
            Set<Integer> reference = new HashSet<>();
            for (int step = 0; step < 20_000; step++) {
                int v = rng.nextInt(8_000);
                Key k = new Key(v, Math.floorMod(v * 31, hashes) - hashes / 2);
                if (rng.nextBoolean()) {
                    assertThat(seen.add(k)).as("add %s", v).isEqualTo(reference.add(v));
                } else {
                    assertThat(seen.contains(k)).as("contains %s", v).isEqualTo(reference.contains(v));
                }
                assertThat(seen.size()).isEqualTo(reference.size());
            }
            for (int v = 0; v < 8_000; v++) {
                assertThat(seen.contains(new Key(v, Math.floorMod(v * 31, hashes) - hashes / 2))).isEqualTo(reference.contains(v));
            }
        }
    }

    @Test
    void anEqualKeyOfAnotherInstanceIsSeenAndNullIsRefused() {
        SeenSet<String> seen = new SeenSet<>();
        assertThat(seen.add(new String("abc"))).isTrue();
        assertThat(seen.contains(new String("abc"))).isTrue();
        assertThat(seen.add(new String("abc"))).isFalse();
        assertThat(seen.contains("abd")).isFalse();
        assertThatThrownBy(() -> seen.add(null)).isInstanceOf(NullPointerException.class);
    }
}
