package org.nas4det.core;

import ai.djl.engine.Engine;
import java.util.function.Supplier;

/**
 * Seeds are {@code long} everywhere in nas4det; DJL's {@link Engine#setRandomSeed(int)} takes an
 * {@code int}. This is the one place that narrows a seed: it mixes all 64 bits of (seed, stream)
 * with SplitMix64's finaliser before keeping 32, so seeds that differ only in their high bits
 * (1 and 2^32 + 1) or streams that differ by one (two training iterations) give unrelated engine
 * seeds instead of equal or neighbouring ones, as a cast would.
 *
 * <pre>{@code Seeds.seedEngine(seed, iteration);}</pre>
 */
public final class Seeds {

    /** Guards the engine's one random generator. */
    private static final Object ENGINE_GENERATOR = new Object();

    private Seeds() {}

    /**
     * The engine seed of a stream of a run's seed.
     *
     * @param seed the run's seed
     * @param stream which of the run's random streams (an iteration, a repeat, a phase)
     * @return the 32-bit seed for {@link Engine#setRandomSeed(int)}
     */
    public static int engineSeed(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        // Both halves count: a plain (int) would drop the high 32 bits.
        return (int) (z ^ (z >>> 32));
    }

    /**
     * The seed of one sample's augmentation in one epoch: the same (index, epoch) always draws the
     * same flips, so a resumed training sees exactly the images an uninterrupted one would.
     *
     * @param seed the run's seed
     * @param index the sample's index in its data set
     * @param epoch the epoch
     * @return the sample's seed for a {@link org.nas4det.core.random.SeededRandom}
     */
    public static long sampleSeed(long seed, long index, long epoch) {
        return seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + epoch * 0x94D049BB133111EBL;
    }

    /**
     * Seeds the engine's global generator (weight initialisation, dropout, engine-side sampling).
     *
     * @param seed the run's seed
     * @param stream the stream
     */
    public static void seedEngine(long seed, long stream) {
        Engine.getInstance().setRandomSeed(engineSeed(seed, stream));
    }

    /**
     * Runs work under its own engine seed, never at the same time as other such work of the process,
     * and then gives the caller back the seed it had set, so a
     * scorer or evaluator that needs seeded engine randomness does not change the caller's seed
     * behind its back. The engine's generator is then restarted from the caller's seed (its
     * position cannot be saved through DJL); a caller that set no seed gets none back.
     *
     * @param seed the work's seed
     * @param stream the work's stream
     * @param work the work
     * @param <T> its result
     * @return the work's result
     */
    public static <T> T withEngineSeed(long seed, long stream, Supplier<T> work) {
        // The engine has one generator per process: two threads seeding it at once (two Spark
        // tasks in one worker) would draw from each other's stream. The work runs alone.
        synchronized (ENGINE_GENERATOR) {
            Engine engine = Engine.getInstance();
            Integer before = engine.getSeed();
            engine.setRandomSeed(engineSeed(seed, stream));
            try {
                return work.get();
            } finally {
                if (before != null) {
                    engine.setRandomSeed(before);
                }
            }
        }
    }

    /**
     * Runs work that uses the engine's process-wide state without this class's lock (training:
     * {@link #seedEngine} every iteration, DJL's one gradient collector per process) while no
     * other such work and no {@link #withEngineSeed} work runs. The lock is reentrant: the work
     * may call {@link #withEngineSeed} itself.
     *
     * <pre>{@code Evaluation e = Seeds.alone(() -> trainingEvaluator.evaluate(arch));}</pre>
     *
     * @param work the work
     * @param <T> its result
     * @return the work's result
     */
    public static <T> T alone(Supplier<T> work) {
        synchronized (ENGINE_GENERATOR) {
            return work.get();
        }
    }
}
