package org.nas4det.core.random;

/**
 * A {@link java.util.Random} whose whole state is one {@code long} that can be saved and restored,
 * so a checkpointed search continues with exactly the numbers an uninterrupted run would draw.
 * The generator is SplitMix64 (Steele, Lea and Flood, 2014).
 *
 * <pre>{@code SeededRandom r = new SeededRandom(7); long s = r.state(); ...; r.setState(s);}</pre>
 *
 * <p>Not thread-safe, unlike {@code java.util.Random}: a search draws from one thread.
 */
public final class SeededRandom extends java.util.Random {

    private static final long serialVersionUID = 1L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /**
     * Creates a generator.
     *
     * @param seed the seed
     */
    public SeededRandom(long seed) {
        super(seed);
        this.state = seed;
    }

    /** @return the whole state */
    public long state() {
        return state;
    }

    /**
     * Restores a state saved with {@link #state()}.
     *
     * @param s the state
     */
    public void setState(long s) {
        this.state = s;
    }

    @Override
    public synchronized void setSeed(long seed) {
        // Called by Random's constructor before our field exists; harmless then.
        this.state = seed;
    }

    @Override
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    protected int next(int bits) {
        return (int) (nextLong() >>> (64 - bits));
    }
}
