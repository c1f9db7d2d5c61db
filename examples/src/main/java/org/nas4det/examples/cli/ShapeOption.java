package org.nas4det.examples.cli;

import ai.djl.ndarray.types.Shape;
import picocli.CommandLine;

/**
 * Reads {@code CxHxW} (e.g. {@code 3x224x224}) as a batch-1 input shape. Each side is at most
 * {@value #MAX_SIDE} pixels and {@code C} at most {@value #MAX_CHANNELS}: sanity caps far above
 * any detector's input (COCO trains at 1333x800) that keep costs and buffers countable.
 */
final class ShapeOption implements CommandLine.ITypeConverter<Shape> {

    /** Largest height or width accepted. */
    static final long MAX_SIDE = 16_384;

    /** Largest channel count accepted. */
    static final long MAX_CHANNELS = 4_096;

    @Override
    public Shape convert(String value) {
        String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new CommandLine.TypeConversionException(
                    "input must be CxHxW, e.g. 3x224x224, got '" + value + "'");
        }
        long[] dims = new long[4];
        dims[0] = 1;
        for (int i = 0; i < 3; i++) {
            try {
                dims[i + 1] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        "input must be CxHxW with positive integers, got '" + value + "'");
            }
            if (dims[i + 1] <= 0) {
                throw new CommandLine.TypeConversionException(
                        "input dimensions must be positive, got '" + value + "'");
            }
            long cap = i == 0 ? MAX_CHANNELS : MAX_SIDE;
            if (dims[i + 1] > cap) {
                throw new CommandLine.TypeConversionException(
                        (i == 0 ? "channels" : "height and width") + " must be at most " + cap + ", got '" + value + "'");
            }
        }
        return new Shape(dims);
    }
}
