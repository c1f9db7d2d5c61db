package org.nas4det.core.search;

import java.util.Objects;

/**
 * The set of architectures a search has met, for {@link CandidateFilter}'s "seen" check: open
 * addressing with linear probing, each key's hash kept in an int array beside the keys.
 *
 * <p>Why not {@code HashSet}: late in a paper-scale MAE-DET search about two draws in three repeat
 * a structure already evaluated and the set holds about 90,000 structures, so the check is a
 * cache miss or more each time. A probe here reads the hash array first and touches a key only
 * when its hash matches; a {@code HashSet} reads a node, then its key. Equality is still
 * {@code equals}: the set is exact.
 *
 * <pre>{@code SeenSet<A> seen = new SeenSet<>(); if (seen.add(arch)) evaluate(arch);}</pre>
 *
 * @param <K> the key type
 */
final class SeenSet<K> {

    private int[] hashes = new int[16];
    private Object[] keys = new Object[16];
    private int size;

    /**
     * @param key a key, not null
     * @return whether the set holds a key equal to it
     */
    boolean contains(K key) {
        int h = key.hashCode();
        int mask = keys.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            Object k = keys[i];
            if (k == null) {
                return false;
            }
            if (hashes[i] == h && k.equals(key)) {
                return true;
            }
        }
    }

    /**
     * @param key a key, not null
     * @return true if it was added, false if the set held an equal key
     */
    boolean add(K key) {
        Objects.requireNonNull(key, "key");
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int h = key.hashCode();
        int mask = keys.length - 1;
        int i = spread(h) & mask;
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keys[i].equals(key)) {
                return false;
            }
        }
        keys[i] = key;
        hashes[i] = h;
        size++;
        return true;
    }

    /** @return the number of keys */
    int size() {
        return size;
    }

    private void grow() {
        Object[] oldKeys = keys;
        int[] oldHashes = hashes;
        keys = new Object[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = spread(oldHashes[j]) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
            }
        }
    }

    // Linear probing needs the hash's high bits in the index: poor hashCodes (small integers,
    // sums of fields) would otherwise fill runs of neighbouring slots.
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
