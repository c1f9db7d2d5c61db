package org.nas4det.core.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nas4det.core.data.MalformedAnnotationException;

/**
 * Reads COCO instances files (ground truth) and COCO result files (detections) for evaluation.
 * Every error names the file and the record.
 *
 * <pre>{@code CocoMetrics m = CocoEvaluator.evaluate(CocoJson.readGroundTruth(gt), CocoJson.readDetections(dt));}</pre>
 */
public final class CocoJson {

    private CocoJson() {}

    /**
     * Parses a JSON file.
     *
     * @param file the file
     * @return the root element
     * @throws MalformedAnnotationException with the position of a syntax error
     */
    public static JsonElement parse(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r);
        } catch (NoSuchFileException e) {
            throw new MalformedAnnotationException(file, null, "file does not exist", e);
        } catch (IOException e) {
            throw new MalformedAnnotationException(file, null, "cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new MalformedAnnotationException(
                    file, null, "malformed JSON: " + rootMessage(e), e);
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
        JsonArray images = array(file, o, "images");
        for (int i = 0; i < images.size(); i++) {
            b.addImage(number(file, "images[" + i + "]", images.get(i), "id").longValue());
        }
        JsonArray cats = array(file, o, "categories");
        for (int i = 0; i < cats.size(); i++) {
            b.addCategory(number(file, "categories[" + i + "]", cats.get(i), "id").longValue());
        }
        JsonArray anns = o.has("annotations") ? array(file, o, "annotations") : new JsonArray();
        for (int i = 0; i < anns.size(); i++) {
            String rec = "annotations[" + i + "]";
            JsonElement a = anns.get(i);
            double[] box = box(file, rec, a);
            JsonObject ao = a.getAsJsonObject();
            double area = ao.has("area") ? number(file, rec, a, "area").doubleValue() : box[2] * box[3];
            boolean crowd = ao.has("iscrowd") && number(file, rec, a, "iscrowd").intValue() != 0;
            b.addAnnotation(
                    number(file, rec, a, "id").longValue(),
                    number(file, rec, a, "image_id").longValue(),
                    number(file, rec, a, "category_id").longValue(),
                    box[0], box[1], box[2], box[3], area, crowd);
        }
        return b.build();
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
                    number(file, rec, d, "image_id").longValue(),
                    number(file, rec, d, "category_id").longValue(),
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
