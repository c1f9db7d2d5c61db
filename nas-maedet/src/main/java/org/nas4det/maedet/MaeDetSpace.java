package org.nas4det.maedet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.common.base.Preconditions;
import java.util.Random;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.Operators;
import org.nas4det.core.SearchSpace;

/**
 * The MAE-DET search space with TinyNAS v1's mutation rules: a child is two successive
 * mutations; each picks a random block (the last one included) and one operator. The stem's
 * {@code out} scales by a factor from {1.5, 1.25, 0.8, 0.6, 0.5} (capped); a residual block
 * changes one of {out, k, btn, L}; afterwards {@code in} is re-chained, {@code btn} is raised to
 * {@code out / ratio}, and kernels shrink by 2 while {@code 1.5k} exceeds the feature map at the
 * budget resolution. Every limit is a parameter, since the released networks exceed the shipped
 * ones.
 *
 * <pre>{@code
 * MaeDetSpace space = MaeDetSpace.builder().optImageSize(480).optBudgetLayers(91).build();
 * }</pre>
 *
 * <p>The search starts from an initial structure that must meet the budget: by default the
 * reference's tiny R50-like net ({@link #tinyR50()}), or {@link #floor()} when a run's budget is too
 * small for it (see {@code MaeDet}); {@link Builder#optInitialStructure} sets one explicitly.
 */
public final class MaeDetSpace implements SearchSpace<MaeDetStructure>, Operators<MaeDetStructure> {

    static final double[] FACTORS = {1.5, 1.25, 0.8, 0.6, 0.5};
    static final int[] DELTAS = {-2, -1, 1, 2};
    // A residual block's mutations, in the order the reference draws them from; coarse-to-fine
    // draws only from {out, btn}.
    private static final int OP_OUT = 0;
    private static final int OP_KERNEL = 1;
    private static final int OP_BOTTLENECK = 2;
    private static final int[] MINOR_OPS = {OP_OUT, OP_BOTTLENECK};

    private final MaeDetStructure initial;
    private final boolean initialIsDefault;
    private final int stemCap;
    private final int maxChannels;
    private final int btnRatio;
    private final int[] kernels;
    private final int maxUnitsFirst;
    private final int budgetLayers;
    private final int imageSize;
    private final boolean minorOnly;

    private MaeDetSpace(Builder b) {
        this.initial = b.initial;
        this.initialIsDefault = b.initialIsDefault;
        this.stemCap = b.stemCap;
        this.maxChannels = b.maxChannels;
        this.btnRatio = b.btnRatio;
        this.kernels = b.kernels.clone();
        this.maxUnitsFirst = b.maxUnitsFirst;
        this.budgetLayers = b.budgetLayers;
        this.imageSize = b.imageSize;
        this.minorOnly = b.minorOnly;
    }

    /** @return a builder with the shipped limits and the tiny R50-like initial structure */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the reference's initial structure: a tiny ResNet-50-like net in five stride-2 stages, stem 32 (k3),
     * then 256/512/1024/2048 with L = 1 and btn = out/4. (The shipped seed is described as
     * "stem 32; 256/512/768/1024/2048 with L=1", which has one stage too many for the 5-stage
     * budget; we keep ResNet-50's four widths.)
     *
     * @return the structure
     */
    public static MaeDetStructure tinyR50() {
        return MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 32, 's': 2, 'k': 3},"
                + "{'class': 'SuperResK1KXK1', 'in': 32, 'out': 256, 's': 2, 'k': 3, 'L': 1, 'btn': 64},"
                + "{'class': 'SuperResK1KXK1', 'in': 256, 'out': 512, 's': 2, 'k': 3, 'L': 1, 'btn': 128},"
                + "{'class': 'SuperResK1KXK1', 'in': 512, 'out': 1024, 's': 2, 'k': 3, 'L': 1, 'btn': 256},"
                + "{'class': 'SuperResK1KXK1', 'in': 1024, 'out': 2048, 's': 2, 'k': 3, 'L': 1, 'btn': 512}]");
    }

    /**
     * TinyNAS's rounding: {@code max(8, 8·round(x/8))} with round-half-to-even like Python.
     *
     * @param x a channel count
     * @return the rounded count
     */
    public static int smartRound(double x) {
        return (int) Math.max(8, 8 * Math.rint(x / 8));
    }

    /**
     * Returns the smallest useful five-stage structure (stem 16, then 32/64/128/256 with L = 1 and
     * btn = out/4): the initial structure for budgets the reference's tiny R50 exceeds.
     *
     * @return the structure
     */
    public static MaeDetStructure floor() {
        return MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 16, 's': 2, 'k': 3},"
                + "{'class': 'SuperResK1KXK1', 'in': 16, 'out': 32, 's': 2, 'k': 3, 'L': 1, 'btn': 8},"
                + "{'class': 'SuperResK1KXK1', 'in': 32, 'out': 64, 's': 2, 'k': 3, 'L': 1, 'btn': 16},"
                + "{'class': 'SuperResK1KXK1', 'in': 64, 'out': 128, 's': 2, 'k': 3, 'L': 1, 'btn': 32},"
                + "{'class': 'SuperResK1KXK1', 'in': 128, 'out': 256, 's': 2, 'k': 3, 'L': 1, 'btn': 64}]");
    }

    /** @return the structure the search starts from */
    public MaeDetStructure initialStructure() {
        return initial;
    }

    /** @return whether the initial structure is the default one (not set by the user) */
    public boolean initialStructureIsDefault() {
        return initialIsDefault;
    }

    /**
     * Returns this space with another initial structure (the user's choice is kept as such).
     *
     * @param s the structure
     * @return a new space
     */
    public MaeDetSpace withInitialStructure(MaeDetStructure s) {
        return toBuilder().optInitialStructure(s).build();
    }

    /** @return a copy restricted to the {out, btn} operators (the fine phase of coarse-to-fine) */
    public MaeDetSpace minor() {
        Builder b = toBuilder();
        b.minorOnly = true;
        return new MaeDetSpace(b);
    }

    /** @return a builder holding this space's settings, to change some of them */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.initial = initial;
        b.initialIsDefault = initialIsDefault;
        b.stemCap = stemCap;
        b.maxChannels = maxChannels;
        b.btnRatio = btnRatio;
        b.kernels = kernels.clone();
        b.maxUnitsFirst = maxUnitsFirst;
        b.budgetLayers = budgetLayers;
        b.imageSize = imageSize;
        b.minorOnly = minorOnly;
        return b;
    }

    @Override
    public String describe() {
        return "maedet(stemCap=" + stemCap + ", maxChannels=" + maxChannels + ", btnRatio=" + btnRatio + ", kernels="
                + java.util.Arrays.toString(kernels) + ", maxL1=" + maxUnitsFirst + ", layers=" + budgetLayers + ", image="
                + imageSize + (minorOnly ? ", minor" : "") + ", seed=" + initial.encode() + ")";
    }

    /** Random structures: the initial structure after a random number (1..20) of mutations. */
    @Override
    public MaeDetStructure sample(Random rng) {
        MaeDetStructure s = initial;
        int n = 1 + rng.nextInt(20);
        for (int i = 0; i < n; i++) {
            s = mutate(s, rng, 1);
        }
        return s;
    }

    /** One child: two successive mutations (the gene probability does not apply here). */
    @Override
    public MaeDetStructure mutate(MaeDetStructure parent, Random rng, double geneProbability) {
        MaeDetStructure s = parent;
        for (int m = 0; m < 2; m++) {
            s = mutateOnce(s, rng);
        }
        return s;
    }

    private MaeDetStructure mutateOnce(MaeDetStructure s, Random rng) {
        int n = s.size();
        for (int tries = 0; tries <= n; tries++) {
            int i = rng.nextInt(n);
            MaeDetBlock b = s.block(i);
            MaeDetBlock next = i + 1 < n ? s.block(i + 1) : null;
            MaeDetBlock c;
            if (b.type() == BlockType.CONV_KX_BN_RELU) {
                if (next == null) {
                    continue;
                }
                c = b.withOut(Math.min(stemCap, smartRound(b.out() * FACTORS[rng.nextInt(FACTORS.length)])));
            } else {
                c = mutateResidual(b, i, n, next, rng);
            }
            if (c.equals(b)) {
                continue;
            }
            MaeDetStructure out = shrinkKernels(s.with(i, c));
            if (out.layers() <= budgetLayers) {
                return out;
            }
        }
        return s;
    }

    private MaeDetBlock mutateResidual(MaeDetBlock b, int index, int n, MaeDetBlock next, Random rng) {
        int op = minorOnly ? MINOR_OPS[rng.nextInt(MINOR_OPS.length)] : rng.nextInt(4);
        MaeDetBlock c = b;
        switch (op) {
            case OP_OUT: {
                int out = smartRound(b.out() * FACTORS[rng.nextInt(FACTORS.length)]);
                out = Math.min(out, Math.min(maxChannels, 4 * b.in()));
                if (next != null && out < smartRound(next.out() / 4.0)) {
                    out = smartRound(next.out() / 4.0);
                }
                c = b.withOut(out);
                break;
            }
            case OP_KERNEL: {
                int k = kernels[rng.nextInt(kernels.length)];
                if (k == b.kernel() && kernels.length > 1) {
                    // Prefer a different kernel.
                    k = kernels[(java.util.Arrays.binarySearch(kernels, k) + 1 + rng.nextInt(kernels.length - 1)) % kernels.length];
                }
                c = b.withKernel(k);
                break;
            }
            case OP_BOTTLENECK:
                c = b.withBottleneck(Math.min(b.out(), smartRound(b.bottleneck() * FACTORS[rng.nextInt(FACTORS.length)])));
                break;
            default: {
                int cap = index == 1 ? maxUnitsFirst : Math.max(1, budgetLayers / 3 / Math.max(1, n - 2));
                int l = Math.max(1, Math.min(cap, b.units() + DELTAS[rng.nextInt(DELTAS.length)]));
                c = b.withUnits(l);
            }
        }
        if (c.bottleneck() < c.out() / (double) btnRatio) {
            c = c.withBottleneck(smartRound(c.out() / (double) btnRatio));
        }
        return c;
    }

    /** Kernels shrink by 2 while 1.5·k exceeds the feature map at the budget resolution. */
    private MaeDetStructure shrinkKernels(MaeDetStructure s) {
        double size = imageSize;
        MaeDetStructure out = s;
        for (int i = 0; i < s.size(); i++) {
            MaeDetBlock b = out.block(i);
            size /= b.stride();
            int k = b.kernel();
            while (k > 1 && k * 1.5 > size) {
                k -= 2;
            }
            if (k != b.kernel()) {
                out = out.with(i, b.withKernel(k));
            }
        }
        return out;
    }

    /** MAE-DET has no crossover ({@link #hasCrossover()} is false). */
    @Override
    public MaeDetStructure crossover(MaeDetStructure first, MaeDetStructure second, Random rng, double p) {
        throw new UnsupportedOperationException("MAE-DET's evolution has no crossover: set EvolutionSettings.optCrossovers(0, p)");
    }

    /** @return false: MAE-DET's evolution only mutates */
    @Override
    public boolean hasCrossover() {
        return false;
    }

    @Override
    public MaeDetStructure decode(String encoding) {
        return MaeDetStructure.parse(encoding);
    }

    @Override
    public Block build(MaeDetStructure arch) {
        return MaeDetBackbone.of(arch);
    }

    /** Counted from the structure's numbers ({@link MaeDetCost}): equal to the built backbone's count. */
    @Override
    public Cost cost(MaeDetStructure arch, Shape input) {
        return MaeDetCost.count(arch, input);
    }

    /** Builds a {@link MaeDetSpace}. */
    public static final class Builder {
        private MaeDetStructure initial = tinyR50();
        private boolean initialIsDefault = true;
        private int stemCap = 32;
        private int maxChannels = 2048;
        private int btnRatio = 10;
        private int[] kernels = {3, 5};
        private int maxUnitsFirst = 3;
        private int budgetLayers = 91;
        private int imageSize = 480;
        private boolean minorOnly;

        private Builder() {}

        /**
         * Sets the structure the search starts from (it must meet the budget; default
         * {@link #tinyR50()}, or {@link #floor()} where the budget is too small for it).
         *
         * @param s the structure
         * @return this builder
         */
        public Builder optInitialStructure(MaeDetStructure s) {
            this.initial = Preconditions.checkNotNull(s, "optInitialStructure: null");
            this.initialIsDefault = false;
            return this;
        }

        /**
         * Sets the stem's channel cap (shipped 32; the released M/L use 64/80).
         *
         * @param c the cap, 1 or more
         * @return this builder
         */
        public Builder optStemCap(int c) {
            Preconditions.checkArgument(c >= 1, "optStemCap: must be >= 1, got %s", c);
            this.stemCap = c;
            return this;
        }

        /**
         * Sets the largest channel count (shipped 2048).
         *
         * @param c the cap, 1 or more
         * @return this builder
         */
        public Builder optMaxChannels(int c) {
            Preconditions.checkArgument(c >= 1, "optMaxChannels: the largest block width must be >= 1, got %s", c);
            this.maxChannels = c;
            return this;
        }

        /**
         * Sets the bottleneck floor: btn ≥ out / ratio (shipped 10).
         *
         * @param r the ratio, 1 or more
         * @return this builder
         */
        public Builder optBtnRatio(int r) {
            Preconditions.checkArgument(r >= 1, "optBtnRatio: must be >= 1, got %s", r);
            this.btnRatio = r;
            return this;
        }

        /**
         * Sets the kernel choices (shipped {3, 5}).
         *
         * @param k odd kernels, at least one
         * @return this builder
         */
        public Builder optKernels(int... k) {
            Preconditions.checkNotNull(k, "optKernels: null");
            Preconditions.checkArgument(k.length > 0, "optKernels: needs at least one kernel");
            for (int x : k) {
                Preconditions.checkArgument(x >= 1 && x % 2 == 1, "optKernels: kernels must be odd and >= 1, got %s", x);
            }
            this.kernels = k.clone();
            java.util.Arrays.sort(this.kernels);
            return this;
        }

        /**
         * Sets the unit cap of the first residual block (shipped 3).
         *
         * @param l the cap, 1 or more
         * @return this builder
         */
        public Builder optMaxUnitsFirst(int l) {
            Preconditions.checkArgument(l >= 1, "optMaxUnitsFirst: must be >= 1, got %s", l);
            this.maxUnitsFirst = l;
            return this;
        }

        /**
         * Sets the layer budget the mutation respects and derives the unit caps from (91).
         *
         * @param layers main-branch convs, 1 or more
         * @return this builder
         */
        public Builder optBudgetLayers(int layers) {
            Preconditions.checkArgument(layers >= 1, "optBudgetLayers: must be >= 1, got %s", layers);
            this.budgetLayers = layers;
            return this;
        }

        /**
         * Sets the resolution of the kernel-shrink rule (480).
         *
         * @param px square side, 1 or more
         * @return this builder
         */
        public Builder optImageSize(int px) {
            Preconditions.checkArgument(px >= 1, "optImageSize: must be >= 1, got %s", px);
            this.imageSize = px;
            return this;
        }

        /**
         * Builds the space.
         *
         * @return the space
         * @throws IllegalArgumentException when the initial structure has a block wider than {@link #optMaxChannels}
         */
        public MaeDetSpace build() {
            // Mutations keep every width within the cap, so only the start can break it (and the
            // whole population would inherit the wider block).
            for (int i = 0; i < initial.blocks().size(); i++) {
                int out = initial.blocks().get(i).out();
                if (out > maxChannels) {
                    throw new IllegalArgumentException("optMaxChannels (--max-channels): block " + i + " of the initial structure has "
                            + out + " output channels, more than the largest block width " + maxChannels
                            + "; start from a structure within it (--seed-structure, optInitialStructure) or raise the width");
                }
            }
            return new MaeDetSpace(this);
        }
    }
}
