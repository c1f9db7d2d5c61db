package org.nas4det.core.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.nas4det.core.data.CocoRecords;
import org.nas4det.core.data.DuplicateAnnotationIdException;
import org.nas4det.core.data.DuplicateImageIdException;
import org.nas4det.core.data.MalformedAnnotationException;
import org.nas4det.core.data.UnknownCategoryException;
import org.nas4det.core.io.TextFiles;

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
        // The reference evaluator indexes images and categories by id in a dict: a repeated id
        // silently replaces the earlier entry and the metrics come out wrong without a word. The
        // training reader rejects such files, and so does the evaluator here: no silent path.
        Map<Long, Integer> imageIds = new HashMap<>();
        JsonArray images = array(file, o, "images");
        for (int i = 0; i < images.size(); i++) {
            String rec = "images[" + i + "]";
            long id = CocoRecords.id(file, rec, images.get(i), "id");
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
            long id = CocoRecords.id(file, rec, cats.get(i), "id");
            Integer first = categoryIds.putIfAbsent(id, i);
            if (first != null) {
                throw new MalformedAnnotationException(file, rec, "category id " + id + " appears twice (also categories["
                        + first + "]); the reference COCO evaluator silently gives wrong results for such a file: make the ids unique");
            }
            b.addCategory(id);
        }
        JsonArray anns = o.has("annotations") ? array(file, o, "annotations") : new JsonArray();
        Map<Long, Integer> annotationIds = new HashMap<>();
        for (int i = 0; i < anns.size(); i++) {
            String rec = "annotations[" + i + "]";
            JsonElement a = anns.get(i);
            long annotationId = CocoRecords.id(file, rec, a, "id");
            Integer first = annotationIds.putIfAbsent(annotationId, i);
            if (first != null) {
                // The reference evaluator would count the later annotation twice and drop the earlier one.
                throw new DuplicateAnnotationIdException(file, rec, "annotation id " + annotationId + " appears twice (also annotations["
                        + first + "]); the reference COCO evaluator silently gives wrong results for such a file: make the ids unique");
            }
            double[] box = CocoRecords.box(file, rec, a);
            JsonObject ao = a.getAsJsonObject();
            double area = ao.has("area") ? CocoRecords.finite(file, rec, a, "area") : box[2] * box[3];
            boolean crowd = ao.has("iscrowd") && CocoRecords.number(file, rec, a, "iscrowd").intValue() != 0;
            long imageId = CocoRecords.id(file, rec, a, "image_id");
            if (!imageIds.containsKey(imageId)) {
                throw new MalformedAnnotationException(file, rec, "image_id " + imageId + " is not in 'images'");
            }
            long categoryId = CocoRecords.id(file, rec, a, "category_id");
            if (!categoryIds.containsKey(categoryId)) {
                throw new UnknownCategoryException(file, rec, "category_id " + categoryId
                        + " is not in 'categories' (the reference COCO evaluator silently ignores such an annotation)");
            }
            b.addAnnotation(annotationId, imageId, categoryId, box[0], box[1], box[2], box[3], area, crowd);
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
                    CocoRecords.id(file, rec, d, "image_id"),
                    CocoRecords.id(file, rec, d, "category_id"),
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
