package org.nas4det.core.detect;

import java.util.Arrays;
import org.nas4det.core.eval.ImageDetections;

/**
 * Gathers one image's candidate boxes from all levels, then applies class-wise NMS and keeps the
 * best N: the last inference step shared by the dense heads.
 */
final class DetectionCollector {

    private float[] boxes = new float[64];
    private float[] scores = new float[16];
    private int[] labels = new int[16];
    private int n;

    void add(float x1, float y1, float x2, float y2, float score, int label) {
        if (n == scores.length) {
            boxes = Arrays.copyOf(boxes, 8 * n);
            scores = Arrays.copyOf(scores, 2 * n);
            labels = Arrays.copyOf(labels, 2 * n);
        }
        boxes[4 * n] = x1;
        boxes[4 * n + 1] = y1;
        boxes[4 * n + 2] = x2;
        boxes[4 * n + 3] = y2;
        scores[n] = score;
        labels[n] = label;
        n++;
    }

    ImageDetections finish(long imageId, InferenceSettings s) {
        float[] b = Arrays.copyOf(boxes, 4 * n);
        float[] sc = Arrays.copyOf(scores, n);
        int[] lb = Arrays.copyOf(labels, n);
        int[] keep = Nms.classWise(b, sc, lb, s.nmsIou(), s.maxDetections());
        float[] kb = new float[4 * keep.length];
        float[] ks = new float[keep.length];
        int[] kl = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(b, 4 * keep[i], kb, 4 * i, 4);
            ks[i] = sc[keep[i]];
            kl[i] = lb[keep[i]];
        }
        return new ImageDetections(imageId, kb, ks, kl);
    }
}
