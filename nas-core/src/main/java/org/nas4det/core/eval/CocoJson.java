package org.nas4det.core.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.nas4det.core.data.CocoRecords;
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
     * Reads the ground truth of a COCO instances file: its images, categories and annotations.
     *
     * @param file the instances JSON
     * @return the ground truth
     */
    public static BoxGroundTruth readGroundTruth(Path file) {
        JsonElement root = CocoRecords.parse(file);
        if (!root.isJsonObject()) {
            throw new MalformedAnnotationException(file, null, "expected a JSON object with images, annotations, categories");
        }
        JsonObject o = root.getAsJsonObject();
        BoxGroundTruth.Builder b = BoxGroundTruth.builder();
        JsonArray images = array(file, o, "images");
        for (int i = 0; i < images.size(); i++) {
            b.addImage(CocoRecords.number(file, "images[" + i + "]", images.get(i), "id").longValue());
        }
        JsonArray cats = array(file, o, "categories");
        for (int i = 0; i < cats.size(); i++) {
            b.addCategory(CocoRecords.number(file, "categories[" + i + "]", cats.get(i), "id").longValue());
        }
        JsonArray anns = o.has("annotations") ? array(file, o, "annotations") : new JsonArray();
        for (int i = 0; i < anns.size(); i++) {
            String rec = "annotations[" + i + "]";
            JsonElement a = anns.get(i);
            double[] box = CocoRecords.box(file, rec, a);
            JsonObject ao = a.getAsJsonObject();
            double area = ao.has("area") ? CocoRecords.number(file, rec, a, "area").doubleValue() : box[2] * box[3];
            boolean crowd = ao.has("iscrowd") && CocoRecords.number(file, rec, a, "iscrowd").intValue() != 0;
            b.addAnnotation(
                    CocoRecords.number(file, rec, a, "id").longValue(),
                    CocoRecords.number(file, rec, a, "image_id").longValue(),
                    CocoRecords.number(file, rec, a, "category_id").longValue(),
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
        JsonElement root = CocoRecords.parse(file);
        if (!root.isJsonArray()) {
            throw new MalformedAnnotationException(file, null, "expected a JSON list of detections");
        }
        JsonArray list = root.getAsJsonArray();
        BoxDetections.Builder b = BoxDetections.builder();
        for (int i = 0; i < list.size(); i++) {
            String rec = "detection " + i;
            JsonElement d = list.get(i);
            double[] box = CocoRecords.box(file, rec, d);
            double score = CocoRecords.number(file, rec, d, "score").doubleValue();
            if (!Double.isFinite(score)) {
                throw new MalformedAnnotationException(file, rec, "score is not a finite number");
            }
            b.add(
                    CocoRecords.number(file, rec, d, "image_id").longValue(),
                    CocoRecords.number(file, rec, d, "category_id").longValue(),
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
}
