package org.nas4det.examples.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that check numeric options at parse time, so a meaningless value (zero batches,
 * a negative learning rate, NaN) is a usage error naming the option before anything runs.
 * picocli reports a failed conversion as {@code Invalid value for option '--batch': ...}. Every
 * numeric option of every command names one of these in {@code converter}; {@link #checkFinite}
 * is the safety net for a floating-point option that forgets to.
 */
final class OptionValues {

    private OptionValues() {}

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + v + "' is not an integer");
        }
    }

    private static double parseDouble(String v) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + v + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new TypeConversionException("'" + v + "' is not a finite number");
        }
        return d;
    }

    private static int toInt(String v, long n) {
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new TypeConversionException("'" + v + "' is too large");
        }
        return (int) n;
    }

    /** An integer {@code >= 1}. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = toInt(v, parseLong(v));
            if (n < 1) {
                throw new TypeConversionException("must be a positive integer, got " + v);
            }
            return n;
        }
    }

    /** An integer {@code >= 0}. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = toInt(v, parseLong(v));
            if (n < 0) {
                throw new TypeConversionException("must be an integer >= 0, got " + v);
            }
            return n;
        }
    }

    /** A finite number {@code > 0}, as a double. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (!(d > 0)) {
                throw new TypeConversionException("must be a number > 0, got " + v);
            }
            return d;
        }
    }

    /** A finite number {@code >= 0}, as a double. */
    static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (!(d >= 0)) {
                throw new TypeConversionException("must be a number >= 0, got " + v);
            }
            return d;
        }
    }

    /** A finite number {@code > 0} that fits a float (a learning rate). */
    static final class PositiveFloat implements ITypeConverter<Float> {
        @Override
        public Float convert(String v) {
            double d = new PositiveDouble().convert(v);
            if ((float) d == 0f || Float.isInfinite((float) d)) {
                throw new TypeConversionException("must be a number > 0 within float range, got " + v);
            }
            return (float) d;
        }
    }

    /** A finite number {@code >= 0} that fits a float (a weight decay). */
    static final class NonNegativeFloat implements ITypeConverter<Float> {
        @Override
        public Float convert(String v) {
            double d = new NonNegativeDouble().convert(v);
            if (Float.isInfinite((float) d)) {
                throw new TypeConversionException("must be a number >= 0 within float range, got " + v);
            }
            return (float) d;
        }
    }

    /** A probability: a number in {@code [0, 1]}. */
    static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (d < 0 || d > 1) {
                throw new TypeConversionException("must be a probability in [0, 1], got " + v);
            }
            return d;
        }
    }

    /** A fraction strictly between 0 and 1. */
    static final class OpenFraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (!(d > 0 && d < 1)) {
                throw new TypeConversionException("must be a fraction strictly between 0 and 1, got " + v);
            }
            return d;
        }
    }

    /**
     * Rejects a non-finite value of any floating-point option that was given on the command
     * line, for options whose converter does not check it.
     *
     * @param parsed the parse result of the command line, subcommands included
     * @throws CommandLine.ParameterException naming the option
     */
    static void checkFinite(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (CommandLine.Model.OptionSpec o : p.matchedOptions()) {
                Object v = o.getValue();
                if ((v instanceof Double && !Double.isFinite((Double) v)) || (v instanceof Float && !Float.isFinite((Float) v))) {
                    throw new CommandLine.ParameterException(p.commandSpec().commandLine(), String.format(Locale.ROOT,
                            "Invalid value for option '%s': must be a finite number, got %s", o.longestName(), v));
                }
            }
        }
    }
}
