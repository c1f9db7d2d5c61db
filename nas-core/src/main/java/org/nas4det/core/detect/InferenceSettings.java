package org.nas4det.core.detect;

/**
 * The inference thresholds of a dense detector: score threshold, candidates kept per level
 * before NMS, NMS IoU, detections per image. FCOS: 0.05, 1000, 0.6, 100; RetinaNet: 0.05, 1000,
 * 0.5, 100.
 *
 * <pre>{@code InferenceSettings s = InferenceSettings.fcos().withScoreThreshold(0.1f);}</pre>
 */
public final class InferenceSettings {

    private final float scoreThreshold;
    private final int topKPerLevel;
    private final float nmsIou;
    private final int maxDetections;

    /**
     * Creates settings.
     *
     * @param scoreThreshold candidates need a class probability above this
     * @param topKPerLevel candidates kept per level before NMS
     * @param nmsIou NMS IoU threshold
     * @param maxDetections detections kept per image
     */
    public InferenceSettings(float scoreThreshold, int topKPerLevel, float nmsIou, int maxDetections) {
        this.scoreThreshold = scoreThreshold;
        this.topKPerLevel = topKPerLevel;
        this.nmsIou = nmsIou;
        this.maxDetections = maxDetections;
    }

    /** @return FCOS's settings */
    public static InferenceSettings fcos() {
        return new InferenceSettings(0.05f, 1000, 0.6f, 100);
    }

    /** @return RetinaNet's settings */
    public static InferenceSettings retinanet() {
        return new InferenceSettings(0.05f, 1000, 0.5f, 100);
    }

    /**
     * @param t the new threshold
     * @return a copy with another score threshold
     */
    public InferenceSettings withScoreThreshold(float t) {
        return new InferenceSettings(t, topKPerLevel, nmsIou, maxDetections);
    }

    /** @return the score threshold */
    public float scoreThreshold() {
        return scoreThreshold;
    }

    /** @return candidates per level */
    public int topKPerLevel() {
        return topKPerLevel;
    }

    /** @return the NMS IoU threshold */
    public float nmsIou() {
        return nmsIou;
    }

    /** @return detections per image */
    public int maxDetections() {
        return maxDetections;
    }
}
