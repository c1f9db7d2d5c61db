package org.nas4det.examples.cli;

import ai.djl.ndarray.types.Shape;
import org.nas4det.core.Constraints;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The constraint vocabulary of every search ({@code @Mixin}): {@code --max-macs},
 * {@code --max-params}, {@code --constraint-input CxHxW} and {@code --macs-convention}. The
 * MAE-DET names of the first releases ({@code --budget-macs}, {@code --budget-params},
 * {@code --budget-input}, {@code --budget-convention}) are aliases. A command gives its own
 * defaults: {@code new ConstraintOptions(300e6, "3x224x224")}.
 */
final class ConstraintOptions {

    @Option(names = {"--max-macs", "--budget-macs"}, converter = OptionValues.NonNegativeDouble.class,
            description = "largest backbone MACs at --constraint-input, counted as --macs-convention says (default"
                    + " ${DEFAULT-VALUE}; 0: no limit)")
    Double maxMacs;

    @Option(names = {"--max-params", "--budget-params"}, converter = OptionValues.PositiveDouble.class,
            description = "largest backbone parameter count")
    Double maxParams;

    @Option(names = {"--constraint-input", "--budget-input"}, converter = ShapeText.class,
            description = "input CxHxW (square) the costs are counted at (default ${DEFAULT-VALUE}; a default of null is"
                    + " the image size the method trains at)")
    String input;

    @Option(names = {"--macs-convention", "--budget-convention"},
            description = "how --max-macs counts: conv (default), thop, tinynas")
    String convention = "conv";

    ConstraintOptions() {
        this(0.0, null);
    }

    /**
     * @param maxMacs the default MAC limit, 0 for none
     * @param input the default input {@code CxHxW}, or null for the command's own (e.g. its training size)
     */
    ConstraintOptions(Double maxMacs, String input) {
        this.maxMacs = maxMacs;
        this.input = input;
    }

    /**
     * The input the costs are counted at.
     *
     * @param fallbackSize the square side used when neither a default nor {@code --constraint-input} gives one
     * @return {@code (C, H, W)}
     */
    Shape shape(int fallbackSize) {
        if (input == null) {
            return new Shape(3, fallbackSize, fallbackSize);
        }
        Shape s = new ShapeOption().convert(input);
        Shape chw = new Shape(s.get(s.dimension() - 3), s.get(s.dimension() - 2), s.get(s.dimension() - 1));
        if (chw.get(1) != chw.get(2)) {
            throw new IllegalArgumentException("--constraint-input must be square, got " + input);
        }
        return chw;
    }

    /**
     * A constraints builder holding the input and the MAC and parameter limits.
     *
     * @param fallbackSize as in {@link #shape(int)}
     * @return the builder, for the method's own limits
     */
    Constraints.Builder builder(int fallbackSize) {
        Shape s = shape(fallbackSize);
        Constraints.Builder c = Constraints.builder().optInput((int) s.get(0), (int) s.get(1), (int) s.get(2));
        String quantity = quantity(convention); // checked also without a MAC limit: a typo is never silent
        if (maxMacs != null && maxMacs > 0) {
            c.optMax(quantity, maxMacs);
        }
        if (maxParams != null) {
            c.optMaxParams(maxParams);
        }
        return c;
    }

    /**
     * The cost quantity a MAC convention limits.
     *
     * @param convention conv, thop or tinynas
     * @return the quantity's name in {@code Cost}
     */
    static String quantity(String convention) {
        switch (convention) {
            case "conv":
                return "conv_macs";
            case "thop":
                return "thop_flops";
            case "tinynas":
                return "mmcv_flops";
            default:
                throw new IllegalArgumentException("--macs-convention must be conv, thop or tinynas, got " + convention);
        }
    }

    /** The names of the first releases, kept as aliases and left out of the help. */
    static final java.util.Set<String> OLD_NAMES =
            java.util.Set.of("--budget-macs", "--budget-params", "--budget-input", "--budget-convention", "--budget-layers");

    /** Checks a {@code CxHxW} value at parse time and keeps its text (so help shows it as written). */
    static final class ShapeText implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            new ShapeOption().convert(value);
            return value;
        }
    }
}
