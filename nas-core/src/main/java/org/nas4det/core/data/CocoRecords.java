package org.nas4det.core.data;

import com.google.gson.JsonElement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.io.MalformedJsonException;

/**
 * Reads the parts of COCO files (instances and results) that ground truth and detections share.
 * Every error is a {@link MalformedAnnotationException} that names the file and the record.
 *
 * <pre>{@code double[] xywh = CocoRecords.box(file, "annotations[3]", record);}</pre>
 */
public final class CocoRecords {

    private CocoRecords() {}

    /**
     * Parses a COCO JSON file.
     *
     * @param file the file
     * @return the root element
     * @throws MalformedAnnotationException with the position of a syntax error
     */
    public static JsonElement parse(Path file) {
        try {
            return JsonFiles.parse(file);
        } catch (MalformedJsonException e) {
            throw new MalformedAnnotationException(e.file(), e.record(), e.problem(), e.getCause());
        }
    }

    /**
     * Reads a numeric field of a record.
     *
     * @param file the file, for the message
     * @param rec the record, for the message
     * @param e the record
     * @param key the field
     * @return its number
     */
    public static Number number(Path file, String rec, JsonElement e, String key) {
        if (!e.isJsonObject()) {
            throw new MalformedAnnotationException(file, rec, "expected an object");
        }
        JsonElement v = e.getAsJsonObject().get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            throw new MalformedAnnotationException(file, rec, "missing or non-numeric '" + key + "'");
        }
        return v.getAsNumber();
    }

    /**
     * Reads an id field of a record: an integer that fits in 64 bits. A larger or fractional
     * number is rejected, never rounded or wrapped onto another id.
     *
     * @param file the file, for the message
     * @param rec the record, for the message
     * @param e the record
     * @param key the field
     * @return the id
     */
    public static long id(Path file, String rec, JsonElement e, String key) {
        return integral(file, rec, e, key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Reads an integer field of a record within bounds, such as an image width.
     *
     * @param file the file, for the message
     * @param rec the record, for the message
     * @param e the record
     * @param key the field
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the value
     */
    public static long integral(Path file, String rec, JsonElement e, String key, long min, long max) {
        Number n = number(file, rec, e, key);
        BigDecimal v;
        try {
            v = new BigDecimal(n.toString());
        } catch (NumberFormatException ex) {
            throw new MalformedAnnotationException(file, rec, "'" + key + "' is not a number: " + n);
        }
        BigInteger exact;
        try {
            exact = v.toBigIntegerExact();
        } catch (ArithmeticException ex) {
            throw new MalformedAnnotationException(file, rec, "'" + key + "' must be an integer, got " + n);
        }
        if (exact.compareTo(BigInteger.valueOf(min)) < 0 || exact.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new MalformedAnnotationException(file, rec, "'" + key + "' is " + n + ", outside ["
                    + min + ", " + max + "]" + (max == Long.MAX_VALUE ? " (ids must fit in 64 bits)" : ""));
        }
        return exact.longValue();
    }

    /**
     * Reads a finite numeric field of a record.
     *
     * @param file the file, for the message
     * @param rec the record, for the message
     * @param e the record
     * @param key the field
     * @return the value
     */
    public static double finite(Path file, String rec, JsonElement e, String key) {
        double v = number(file, rec, e, key).doubleValue();
        if (!Double.isFinite(v)) {
            throw new MalformedAnnotationException(file, rec, "'" + key + "' is not a finite number");
        }
        return v;
    }

    /**
     * Reads the {@code bbox} field {@code [x, y, w, h]} of a record.
     *
     * @param file the file, for the message
     * @param rec the record, for the message
     * @param e the record
     * @return the four finite numbers
     */
    public static double[] box(Path file, String rec, JsonElement e) {
        if (!e.isJsonObject()) {
            throw new MalformedAnnotationException(file, rec, "expected an object");
        }
        JsonElement v = e.getAsJsonObject().get("bbox");
        if (v == null || !v.isJsonArray() || v.getAsJsonArray().size() != 4) {
            throw new MalformedAnnotationException(file, rec, "'bbox' must be a list [x, y, w, h]");
        }
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) {
            JsonElement x = v.getAsJsonArray().get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
                throw new MalformedAnnotationException(file, rec, "'bbox' must hold 4 numbers");
            }
            box[i] = x.getAsDouble();
            if (!Double.isFinite(box[i])) {
                throw new MalformedAnnotationException(file, rec, "'bbox' must hold finite numbers");
            }
        }
        return box;
    }
}
