package org.nas4det.core.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nas4det.core.data.CategoryMap;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionSample;

/**
 * Converts between our detections and the COCO result format ({@code image_id},
 * {@code category_id} with the data set's own ids, {@code bbox [x, y, w, h]}, {@code score}),
 * and builds evaluator ground truth from a loaded data set.
 *
 * <pre>{@code CocoResults.write(Path.of("results.json"), detections, data.categories());}</pre>
 */
public final class CocoResults {

    private CocoResults() {}

    /**
     * Writes detections as a COCO result file, readable by any COCO tool.
     *
     * @param file the result JSON
     * @param detections per-image detections
     * @param categories maps class indices back to the data set's ids
     */
    public static void write(Path file, List<ImageDetections> detections, CategoryMap categories) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('[');
            boolean first = true;
            for (ImageDetections d : detections) {
                float[] b = d.boxes();
                for (int i = 0; i < d.size(); i++) {
                    JsonObject o = new JsonObject();
                    o.addProperty("image_id", d.imageId());
                    o.addProperty("category_id", categories.id(d.labels()[i]));
                    JsonArray box = new JsonArray();
                    box.add(b[4 * i]);
                    box.add(b[4 * i + 1]);
                    box.add(b[4 * i + 2] - b[4 * i]);
                    box.add(b[4 * i + 3] - b[4 * i + 1]);
                    o.add("bbox", box);
                    o.addProperty("score", d.scores()[i]);
                    if (!first) {
                        w.write(',');
                    }
                    w.write(o.toString());
                    first = false;
                }
            }
            w.write(']');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Converts detections to the evaluator's columnar form with the data set's category ids.
     *
     * @param detections per-image detections
     * @param categories the category map
     * @return the detections
     */
    public static BoxDetections toBoxDetections(List<ImageDetections> detections, CategoryMap categories) {
        BoxDetections.Builder b = BoxDetections.builder();
        for (ImageDetections d : detections) {
            float[] x = d.boxes();
            for (int i = 0; i < d.size(); i++) {
                b.add(d.imageId(), categories.id(d.labels()[i]), x[4 * i], x[4 * i + 1],
                        x[4 * i + 2] - x[4 * i], x[4 * i + 3] - x[4 * i + 1], d.scores()[i]);
            }
        }
        return b.build();
    }

    /**
     * Builds evaluator ground truth from a loaded data set: boxes marked ignore (VOC difficult)
     * and crowd boxes become crowd regions; areas are box areas.
     *
     * @param data the data set
     * @return the ground truth
     */
    public static BoxGroundTruth groundTruth(DetectionData data) {
        BoxGroundTruth.Builder b = BoxGroundTruth.builder();
        CategoryMap cats = data.categories();
        for (int k = 0; k < cats.size(); k++) {
            b.addCategory(cats.id(k));
        }
        long annId = 1;
        for (DetectionSample s : data.samples()) {
            b.addImage(s.imageId());
            float[] box = s.boxes();
            int[] labels = s.labels();
            boolean[] ignore = s.ignore();
            for (int i = 0; i < labels.length; i++) {
                annId = add(b, annId, s.imageId(), cats.id(labels[i]), box, i, ignore[i]);
            }
            float[] crowd = s.crowdBoxes();
            int[] crowdLabels = s.crowdLabels();
            for (int i = 0; i < crowdLabels.length; i++) {
                annId = add(b, annId, s.imageId(), cats.id(crowdLabels[i]), crowd, i, true);
            }
        }
        return b.build();
    }

    private static long add(BoxGroundTruth.Builder b, long id, long image, long cat, float[] box, int i, boolean crowd) {
        double w = box[4 * i + 2] - box[4 * i];
        double h = box[4 * i + 3] - box[4 * i + 1];
        b.addAnnotation(id, image, cat, box[4 * i], box[4 * i + 1], w, h, w * h, crowd);
        return id + 1;
    }
}
