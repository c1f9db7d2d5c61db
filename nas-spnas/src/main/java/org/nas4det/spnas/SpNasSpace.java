package org.nas4det.spnas;

import ai.djl.nn.Block;
import java.util.Random;
import org.nas4det.core.SearchSpace;

/**
 * The SP-NAS space: serial codes of one block type (4..{@code maxStages} stages) with parallel
 * copies, built as {@link SerialBackbone}s of a given width. Sampling returns the seed; the moves
 * (serial morphisms, parallel sampling) belong to {@link SerialSearch} and {@link ParallelSearch}.
 *
 * <pre>{@code SpNasSpace s = new SpNasSpace(SpNasArch.parse("r_111-2111-211111-211_0-0-0-0"), 64, false, SerialMutation.paper());}</pre>
 */
public final class SpNasSpace implements SearchSpace<SpNasArch> {

    private final SpNasArch seed;
    private final int width;
    private final boolean sharedCopies;
    private final SerialMutation mutation;

    /**
     * Creates the space.
     *
     * @param seed the seed architecture (its block type is the space's)
     * @param width the stem width
     * @param sharedCopies whether parallel copies share the stage's weights
     * @param mutation the serial operators
     */
    public SpNasSpace(SpNasArch seed, int width, boolean sharedCopies, SerialMutation mutation) {
        this.seed = seed;
        this.width = width;
        this.sharedCopies = sharedCopies;
        this.mutation = mutation;
    }

    /** @return the seed */
    public SpNasArch seed() {
        return seed;
    }

    /** @return the stem width */
    public int width() {
        return width;
    }

    /** @return whether copies share weights */
    public boolean sharedCopies() {
        return sharedCopies;
    }

    /** @return the serial operators */
    public SerialMutation mutation() {
        return mutation;
    }

    @Override
    public String describe() {
        return "spnas(seed=" + seed.encode() + ", width=" + width + ", shared_copies=" + sharedCopies + ")";
    }

    @Override
    public SpNasArch sample(Random rng) {
        return seed;
    }

    /**
     * Draws a serial child: the parent's serial code after the space's swap/expand operators
     * (the parallel code is kept). SP-NAS grows architectures by morphisms, so there is no
     * crossover; the weights follow by global block order ({@code WeightInheritance}).
     *
     * @param parent the parent
     * @param rng the search's random source
     * @return the child
     */
    public SpNasArch serialChild(SpNasArch parent, Random rng) {
        return parent.withSerial(mutation.mutate(parent.serialCode(), rng));
    }

    @Override
    public SpNasArch decode(String encoding) {
        return SpNasArch.parse(encoding);
    }

    @Override
    public void validate(SpNasArch arch) {
        if (!arch.block().equals(seed.block())) {
            throw new IllegalArgumentException(arch + " has block " + arch.block() + ", the space " + seed.block());
        }
    }

    @Override
    public Block build(SpNasArch arch) {
        return SerialBackbone.builder(arch).optWidth(width).optSharedCopies(sharedCopies).build();
    }
}
