package org.nas4det.core.data.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.translate.Transform;
import org.nas4det.core.random.SeededRandom;

/**
 * Flips an HWC image left-right with a probability, drawing from its own seeded generator. It
 * replaces DJL 0.35.0's {@code RandomFlipLeftRight}, whose {@code transform} discards the flipped
 * array and returns its input (so it never flips) and draws from DJL's unseeded global generator.
 * Put it before {@code ToTensor} (it flips axis 1, the width of HWC).
 *
 * <pre>{@code new Pipeline().add(new Resize(64, 64)).add(new SeededFlipLeftRight(0.5, seed)).add(new ToTensor())}</pre>
 *
 * <p>Used through DJL's own batching, the draws follow the order images are transformed in; a
 * {@code DatasetBatches} source reseeds it per sample (see {@link SampleSeeded}).
 */
public final class SeededFlipLeftRight implements Transform, SampleSeeded {

    /** The width axis of an HWC image. */
    private static final int WIDTH_AXIS = 1;

    private final double probability;
    private final SeededRandom rng;

    /**
     * Creates the transform.
     *
     * @param probability chance of flipping, 0..1
     * @param seed the seed of its draws until the first {@link #reseed}
     */
    public SeededFlipLeftRight(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in 0..1, got " + probability);
        }
        this.probability = probability;
        this.rng = new SeededRandom(seed);
    }

    @Override
    public void reseed(long sampleSeed) {
        rng.setState(sampleSeed);
    }

    @Override
    public NDArray transform(NDArray array) {
        if (rng.nextDouble() >= probability) {
            return array;
        }
        return array.flip(WIDTH_AXIS);
    }
}
