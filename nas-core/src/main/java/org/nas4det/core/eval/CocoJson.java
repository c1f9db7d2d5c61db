package org.nas4det.core.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;
import org.nas4det.core.data.DuplicateImageIdException;
import org.nas4det.core.data.MalformedAnnotationException;
import org.nas4det.core.data.UnknownCategoryException;
import org.nas4det.core.data.TextFiles;

/**
 * Reads COCO instances files (ground truth) and COCO result files (detections) for evaluation.
 * Every error names the file and the record.
 *
 * <pre>{@code CocoMetrics m = CocoEvaluator.evaluate(CocoJson.readGroundTruth(gt), CocoJson.readDetections(dt));}</pre>
 */
public final class CocoJson {

    private CocoJson() {}

    /**
     * Parses a JSON file strictly (RFC 8259: no comments, single quotes, unquoted keys, {@code =}
     * or {@code ;} separators, NaN or trailing text), decoding it as strict UTF-8. This is the one
     * place the library reads user JSON files.
     *
     * @param file the file
     * @return the root element
     * @throws MalformedAnnotationException with the position of a syntax error
     * @throws org.nas4det.core.data.NotUtf8Exception with the byte offset of a non-UTF-8 byte
     */
    public static JsonElement parse(Path file) {
        String text = TextFiles.readUtf8(file);
        try {
            return parseStrict(text);
        } catch (JsonParseException e) {
            throw new MalformedAnnotationException(
                    file, null, "malformed JSON: " + syntaxMessage(e), e);
        }
    }

    /**
     * Parses JSON text strictly (RFC 8259), as {@link #parse(Path)} does for a file.
     *
     * @param text the JSON text
     * @return the root element
     * @throws JsonParseException with the line and column of a syntax error
     */
    public static JsonElement parseStrict(String text) {
        checkDepth(text);
        // Gson's reader is lenient unless told otherwise: a lenient reader accepts comments,
        // single quotes and unquoted keys, which no other JSON tool reading the same file would.
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                // toString() is "JsonReader at line L column C path P": keep the position.
                throw new JsonSyntaxException("unexpected text after the JSON value"
                        + reader.toString().substring("JsonReader".length()));
            }
            return root;
        } catch (IOException e) {
            throw new JsonSyntaxException(e);
        }
    }

    /**
     * Deepest nesting of lists and objects accepted. COCO files nest four levels; the bound
     * keeps every recursive walk of a parsed value (messages, copies, writers) within the stack.
     */
    public static final int MAX_DEPTH = 256;

    /** Rejects text nested deeper than {@link #MAX_DEPTH}, with the line and column. */
    private static void checkDepth(String text) {
        int depth = 0;
        int line = 1;
        int lineStart = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new JsonSyntaxException("nested deeper than " + MAX_DEPTH + " levels at line " + line + " column "
                            + (i - lineStart + 1));
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
    }

    /**
     * Reads the ground truth of a COCO instances file: its images, categories and annotations.
     *
     * @param file the instances JSON
     * @return the ground truth
     */
    public static BoxGroundTruth readGroundTruth(Path file) {
        JsonElement root = parse(file);
        if (!root.isJsonObject()) {
            throw new MalformedAnnotationException(file, null, "expected a JSON object with images, annotations, categories");
        }
        JsonObject o = root.getAsJsonObject();
        BoxGroundTruth.Builder b = BoxGroundTruth.builder();
        // The reference evaluator indexes images and categories by id in a dict: a repeated id
        // silently replaces the earlier entry and the metrics come out wrong without a word. The
        // training reader rejects such files, and so does the evaluator here: no silent path.
        Map<Long, Integer> imageIds = new HashMap<>();
        JsonArray images = array(file, o, "images");
        for (int i = 0; i < images.size(); i++) {
            String rec = "images[" + i + "]";
            long id = id(file, rec, images.get(i), "id");
            Integer first = imageIds.putIfAbsent(id, i);
            if (first != null) {
                throw new DuplicateImageIdException(file, rec, "image id " + id + " appears twice (also images["
                        + first + "]); the reference COCO evaluator silently gives wrong results for such a file: make the ids unique");
            }
            b.addImage(id);
        }
        Map<Long, Integer> categoryIds = new HashMap<>();
        JsonArray cats = array(file, o, "categories");
        for (int i = 0; i < cats.size(); i++) {
            String rec = "categories[" + i + "]";
            long id = id(file, rec, cats.get(i), "id");
            Integer first = categoryIds.putIfAbsent(id, i);
            if (first != null) {
                throw new MalformedAnnotationException(file, rec, "category id " + id + " appears twice (also categories["
                        + first + "]); the reference COCO evaluator silently gives wrong results for such a file: make the ids unique");
            }
            b.addCategory(id);
        }
        JsonArray anns = o.has("annotations") ? array(file, o, "annotations") : new JsonArray();
        for (int i = 0; i < anns.size(); i++) {
            String rec = "annotations[" + i + "]";
            JsonElement a = anns.get(i);
            double[] box = box(file, rec, a);
            JsonObject ao = a.getAsJsonObject();
            double area = ao.has("area") ? finite(file, rec, a, "area") : box[2] * box[3];
            boolean crowd = ao.has("iscrowd") && number(file, rec, a, "iscrowd").intValue() != 0;
            long imageId = id(file, rec, a, "image_id");
            if (!imageIds.containsKey(imageId)) {
                throw new MalformedAnnotationException(file, rec, "image_id " + imageId + " is not in 'images'");
            }
            long categoryId = id(file, rec, a, "category_id");
            if (!categoryIds.containsKey(categoryId)) {
                throw new UnknownCategoryException(file, rec, "category_id " + categoryId
                        + " is not in 'categories' (the reference COCO evaluator silently ignores such an annotation)");
            }
            b.addAnnotation(id(file, rec, a, "id"), imageId, categoryId, box[0], box[1], box[2], box[3], area, crowd);
        }
        return b.build();
    }

    /**
     * Reads ground truth and detections and evaluates them; every error names the file it is about.
     *
     * @param groundTruth the COCO instances JSON
     * @param detections the COCO result JSON
     * @return the twelve metrics
     */
    public static CocoMetrics evaluate(Path groundTruth, Path detections) {
        BoxGroundTruth gt = readGroundTruth(groundTruth);
        BoxDetections dt = readDetections(detections);
        checkImages(gt, groundTruth, dt, detections);
        return CocoEvaluator.evaluate(gt, dt);
    }

    /**
     * Checks that every detection is for an image of the ground truth, naming both files (the
     * evaluator itself knows no file names).
     *
     * @param gt the ground truth
     * @param groundTruth its file, for the message
     * @param dt the detections
     * @param detections their file, for the message
     * @throws MalformedAnnotationException for the first detection of an unknown image
     */
    public static void checkImages(BoxGroundTruth gt, Path groundTruth, BoxDetections dt, Path detections) {
        for (int i = 0; i < dt.size(); i++) {
            if (gt.imageIndex(dt.imageId(i)) < 0) {
                throw new MalformedAnnotationException(detections, "detection " + i, "image_id " + dt.imageId(i)
                        + " is not an image of the ground truth " + groundTruth);
            }
        }
    }

    /**
     * Reads a COCO result file: a list of {@code image_id, category_id, bbox, score}.
     *
     * @param file the results JSON
     * @return the detections in file order
     */
    public static BoxDetections readDetections(Path file) {
        JsonElement root = parse(file);
        if (!root.isJsonArray()) {
            throw new MalformedAnnotationException(file, null, "expected a JSON list of detections");
        }
        JsonArray list = root.getAsJsonArray();
        BoxDetections.Builder b = BoxDetections.builder();
        for (int i = 0; i < list.size(); i++) {
            String rec = "detection " + i;
            JsonElement d = list.get(i);
            double[] box = box(file, rec, d);
            double score = number(file, rec, d, "score").doubleValue();
            if (!Double.isFinite(score)) {
                throw new MalformedAnnotationException(file, rec, "score is not a finite number");
            }
            b.add(
                    id(file, rec, d, "image_id"),
                    id(file, rec, d, "category_id"),
                    box[0], box[1], box[2], box[3], score);
        }
        return b.build();
    }

    private static JsonArray array(Path file, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new MalformedAnnotationException(file, null, "missing list '" + key + "'");
        }
        return e.getAsJsonArray();
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

    /**
     * The message of a JSON syntax error for a user: the innermost cause's, with Gson's advice
     * to parse leniently and its troubleshooting link replaced by what JSON allows.
     *
     * @param e the error
     * @return the message, with the line and column Gson gives
     */
    public static String syntaxMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        // Gson suggests its lenient mode and a troubleshooting link: neither helps a user whose
        // file is not JSON. Say what JSON allows instead, keeping Gson's position.
        m = m.replaceAll("\\s*See https://\\S+$", "");
        String lenient = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";
        if (m.contains(lenient)) {
            m = m.replace(lenient, "not RFC 8259 JSON (keys and strings in double quotes, ':' and ',' separators,"
                    + " no comments, no NaN, one value per file)");
        }
        return m;
    }
}
