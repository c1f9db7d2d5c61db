package org.nas4det.fad.ops;

import ai.djl.nn.SequentialBlock;

/**
 * One candidate operation (spec §1.2): {@code depth} base layers of a family in sequence,
 * optionally followed by a DIL layer ({@code +} is sequential composition), or {@code none}.
 *
 * <pre>{@code FadOp op = FadOp.of("std_conv_3x3_x2+dil_conv_3x3"); Block body = op.body(96);}</pre>
 *
 * @param name the genotype name
 * @param family STD or SEP (null for none)
 * @param depth base layers (0 for none)
 * @param dilation rate of the trailing DIL layer, 0 when there is none
 */
public record FadOp(String name, Family family, int depth, int dilation) {

    /** The base-layer families. */
    public enum Family {
        /** Dense 3×3 conv layers. */
        STD("std_conv_3x3"),
        /** Single depthwise-separable layers. */
        SEP("sinSep_conv_3x3");

        private final String prefix;

        Family(String prefix) {
            this.prefix = prefix;
        }

        /** @return the name prefix of the family's ops */
        public String prefix() {
            return prefix;
        }
    }

    /** The zero op (search only). */
    public static final FadOp NONE = new FadOp("none", null, 0, 0);

    /**
     * Creates an op of a family.
     *
     * @param family the family
     * @param depth base layers (1..3)
     * @param dilation 0, 2 or 3
     * @return the op, named as in the release
     */
    public static FadOp of(Family family, int depth, int dilation) {
        String n = family.prefix() + (depth > 1 ? "_x" + depth : "")
                + (dilation == 2 ? "+dil_conv_3x3" : dilation == 3 ? "+dil_conv_3x3_r3" : "");
        return new FadOp(n, family, depth, dilation);
    }

    /** @return whether this is the zero op */
    public boolean isNone() {
        return family == null;
    }

    /**
     * Builds the op body standalone (its own weights, no decouple convs).
     *
     * @param c channels
     * @return the layers in sequence
     * @throws IllegalStateException for none
     */
    public SequentialBlock body(int c) {
        if (isNone()) {
            throw new IllegalStateException("'none' has no body: it is never part of a derived network");
        }
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            b.add(Layers.base(family, c));
        }
        if (dilation > 0) {
            b.add(Layers.dil(c, dilation));
        }
        return b;
    }

    @Override
    public String toString() {
        return name;
    }
}
