package org.nas4det.core.eval;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a COCO bbox evaluation: the twelve summary numbers, per-category and per-area
 * figures, and the full precision / recall tables.
 *
 * <pre>{@code double ap50 = metrics.stat("AP50"); Map<Long, Double> perCat = metrics.perCategoryAp();}</pre>
 *
 * <p>Values are fractions, not percent; -1 means undefined, as in the reference evaluator.
 */
public final class CocoMetrics {

    /** The summary names in the reference evaluator's order. */
    public static final List<String> NAMES =
            List.of("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl");

    /** Area range names in table order. */
    public static final List<String> AREAS = List.of("all", "small", "medium", "large");

    private static final int NUM_A = 4;
    private static final int NUM_M = 3;

    private final long[] categoryIds;
    private final double[] precision;
    private final double[] recall;
    private final double[] iouThrs;
    private final int numR;
    private final double[] stats;

    CocoMetrics(long[] categoryIds, double[] precision, double[] recall, double[] iouThrs, int numR) {
        this.categoryIds = categoryIds;
        this.precision = precision;
        this.recall = recall;
        this.iouThrs = iouThrs;
        this.numR = numR;
        this.stats =
                new double[] {
                    ap(-1, 0, -1, 2),
                    ap(0.5, 0, -1, 2),
                    ap(0.75, 0, -1, 2),
                    ap(-1, 1, -1, 2),
                    ap(-1, 2, -1, 2),
                    ap(-1, 3, -1, 2),
                    ar(0, 0),
                    ar(0, 1),
                    ar(0, 2),
                    ar(1, 2),
                    ar(2, 2),
                    ar(3, 2)
                };
    }

    /** @return the twelve summary numbers in {@link #NAMES} order */
    public double[] stats() {
        return stats.clone();
    }

    /**
     * Returns one summary number.
     *
     * @param name one of {@link #NAMES}
     * @return its value
     */
    public double stat(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown COCO metric " + name + ", known: " + NAMES);
        }
        return stats[i];
    }

    /** @return the summary numbers by name, in order */
    public Map<String, Double> statsByName() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            m.put(NAMES.get(i), stats[i]);
        }
        return m;
    }

    /** @return AP@[.5:.95] per category id (area all, 100 detections), -1 where undefined */
    public Map<Long, Double> perCategoryAp() {
        Map<Long, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < categoryIds.length; k++) {
            m.put(categoryIds[k], ap(-1, 0, k, 2));
        }
        return m;
    }

    /**
     * Average precision for one slice of the tables.
     *
     * @param iouThr an IoU threshold of the table (0.5, 0.75 …) or -1 for the mean over all
     * @param area area index of {@link #AREAS}
     * @param category category index (position in sorted ids) or -1 for all
     * @param maxDetIndex 0, 1, 2 for 1, 10, 100 detections
     * @return the mean of the defined entries, -1 when none is defined
     */
    public double ap(double iouThr, int area, int category, int maxDetIndex) {
        int numK = categoryIds.length;
        double sum = 0;
        int n = 0;
        for (int t = 0; t < iouThrs.length; t++) {
            if (iouThr >= 0 && iouThrs[t] != iouThr) {
                continue;
            }
            for (int r = 0; r < numR; r++) {
                for (int k = 0; k < numK; k++) {
                    if (category >= 0 && k != category) {
                        continue;
                    }
                    double v = precision[(((t * numR + r) * numK + k) * NUM_A + area) * NUM_M + maxDetIndex];
                    if (v > -1) {
                        sum += v;
                        n++;
                    }
                }
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    /**
     * Average recall over IoU thresholds and categories.
     *
     * @param area area index of {@link #AREAS}
     * @param maxDetIndex 0, 1, 2 for 1, 10, 100 detections
     * @return the mean of the defined entries, -1 when none is defined
     */
    public double ar(int area, int maxDetIndex) {
        int numK = categoryIds.length;
        double sum = 0;
        int n = 0;
        for (int t = 0; t < iouThrs.length; t++) {
            for (int k = 0; k < numK; k++) {
                double v = recall[((t * numK + k) * NUM_A + area) * NUM_M + maxDetIndex];
                if (v > -1) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    /** @return the summary numbers as one JSON object with the names of the CLI contract */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        for (int i = 0; i < NAMES.size(); i++) {
            o.addProperty(NAMES.get(i), stats[i]);
        }
        return o;
    }

    /** @return the summary as the reference evaluator prints it */
    public String summary() {
        String[] titles = {
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]"
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < titles.length; i++) {
            sb.append(' ').append(titles[i]).append(String.format(Locale.ROOT, " = %.3f", stats[i])).append('\n');
        }
        return sb.toString();
    }
}
