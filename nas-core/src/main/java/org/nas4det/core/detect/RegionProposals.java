package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nas4det.core.nn.GraphScalars;

/**
 * The RPN's training targets and losses, and its proposals, as torchvision's
 * {@code RegionProposalNetwork}: see {@link FasterRcnnSettings} for the defaults. Selection by
 * objectness runs on the tensor side (one top-k per level for the whole batch); only the
 * survivors cross into Java for decoding, clipping and NMS.
 *
 * <pre>{@code float[][] p = RegionProposals.propose(obj, deltas, anchors, perLevel, info, 2000, 2000, 0.7f);}</pre>
 */
final class RegionProposals {

    private static final float[] UNIT = {1, 1, 1, 1};
    private static final float MIN_SIZE = 1e-3f;

    private RegionProposals() {}

    /**
     * Proposals of every image.
     *
     * @param objectness logits {@code (B, N)}
     * @param deltas {@code (B, N, 4)}
     * @param anchors corners of the N anchors
     * @param perLevel anchors per level, finest first
     * @param imageSizes {@code {height, width}} per image
     * @param preNms kept per level before NMS
     * @param postNms kept per image after NMS
     * @param nmsIou NMS IoU within a level
     * @return per image the proposal corners, best first
     */
    static float[][] propose(NDArray objectness, NDArray deltas, float[] anchors, int[] perLevel, float[][] imageSizes,
            int preNms, int postNms, float nmsIou) {
        NDArray obj = objectness.stopGradient();
        NDArray flatDeltas = deltas.stopGradient().reshape(-1, 4);
        int b = (int) obj.getShape().get(0);
        int n = (int) obj.getShape().get(1);
        NDManager m = obj.getManager();
        float[][] boxes = new float[b][];
        float[][] scores = new float[b][];
        int[][] levels = new int[b][];
        int[] count = new int[b];
        int total = 0;
        for (int l = 0; l < perLevel.length; l++) {
            total += Math.min(preNms, perLevel[l]);
        }
        for (int i = 0; i < b; i++) {
            boxes[i] = new float[4 * total];
            scores[i] = new float[total];
            levels[i] = new int[total];
        }
        int start = 0;
        for (int l = 0; l < perLevel.length; l++) {
            int k = Math.min(preNms, perLevel[l]);
            NDList top = obj.get(":, " + start + ":" + (start + perLevel[l])).topK(k, 1, true, true);
            float[] logit = top.get(0).toFloatArray();
            long[] idx = top.get(1).toType(DataType.INT64, false).toLongArray();
            long[] flat = new long[b * k];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < k; j++) {
                    flat[i * k + j] = (long) i * n + start + idx[i * k + j];
                }
            }
            float[] d = flatDeltas.get(m.create(flat)).toFloatArray();
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < k; j++) {
                    int a = start + (int) idx[i * k + j];
                    int q = count[i];
                    TwoStageBoxes.decode(anchors, a, d, i * k + j, UNIT, boxes[i], q);
                    TwoStageBoxes.clip(boxes[i], q, imageSizes[i][1], imageSizes[i][0]);
                    // written so that a non-finite box is dropped too, as torchvision's remove_small_boxes does
                    if (!(boxes[i][4 * q + 2] - boxes[i][4 * q] >= MIN_SIZE && boxes[i][4 * q + 3] - boxes[i][4 * q + 1] >= MIN_SIZE)) {
                        continue;
                    }
                    scores[i][q] = (float) (1 / (1 + Math.exp(-logit[i * k + j])));
                    levels[i][q] = l;
                    count[i]++;
                }
            }
            start += perLevel[l];
        }
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            float[] bx = java.util.Arrays.copyOf(boxes[i], 4 * count[i]);
            int[] keep = Nms.classWise(bx, java.util.Arrays.copyOf(scores[i], count[i]),
                    java.util.Arrays.copyOf(levels[i], count[i]), nmsIou, postNms);
            out[i] = TwoStageBoxes.select(bx, keep, keep.length);
        }
        return out;
    }

    /**
     * The RPN losses of a batch: anchors assigned at 0.7 / 0.3 with low-quality matches,
     * {@code batch} sampled per image; BCE over the sampled (mean) and smooth L1 (β 1/9) on the
     * positives / #sampled.
     *
     * @param objectness logits {@code (B, N)}
     * @param deltas {@code (B, N, 4)}
     * @param anchors anchor corners
     * @param truth the ground truth
     * @param s the settings
     * @param rng the sampling's random source
     * @return {@code loss_rpn_cls} and {@code loss_rpn_reg}
     */
    static Map<String, NDArray> losses(NDArray objectness, NDArray deltas, float[] anchors, ImageTargets truth,
            FasterRcnnSettings s, Random rng) {
        int b = (int) objectness.getShape().get(0);
        int n = (int) objectness.getShape().get(1);
        AnchorAssigner assigner = new AnchorAssigner(s.rpnPositiveIou, s.rpnNegativeIou);
        int cap = b * s.rpnBatchPerImage;
        long[] sampled = new long[cap];
        float[] labels = new float[cap];
        long[] positives = new long[cap];
        float[] targets = new float[4 * cap];
        int ns = 0;
        int np = 0;
        for (int i = 0; i < b; i++) {
            float[] gt = truth.boxes(i);
            int[] match = assigner.assign(anchors, gt);
            int[] pick = TwoStageBoxes.sample(match, s.rpnBatchPerImage, s.rpnPositiveFraction, rng);
            int pos = pick[pick.length - 1];
            for (int j = 0; j < pick.length - 1; j++) {
                int a = pick[j];
                sampled[ns] = (long) i * n + a;
                labels[ns] = j < pos ? 1 : 0;
                ns++;
                if (j < pos) {
                    positives[np] = (long) i * n + a;
                    TwoStageBoxes.encode(anchors, a, gt, match[a], UNIT, targets, np);
                    np++;
                }
            }
        }
        NDManager m = objectness.getManager();
        Map<String, NDArray> out = new LinkedHashMap<>();
        NDArray logits = objectness.reshape(-1).get(m.create(java.util.Arrays.copyOf(sampled, ns)));
        out.put("loss_rpn_cls", DetectionLosses.bceWithLogits(logits, m.create(java.util.Arrays.copyOf(labels, ns)))
                .sum().div(GraphScalars.of(logits, Math.max(ns, 1))));
        if (np == 0) {
            out.put("loss_rpn_reg", deltas.sum().mul(GraphScalars.of(deltas, 0)));
        } else {
            NDArray pred = deltas.reshape(-1, 4).get(m.create(java.util.Arrays.copyOf(positives, np)));
            NDArray t = m.create(java.util.Arrays.copyOf(targets, 4 * np), new Shape(np, 4));
            out.put("loss_rpn_reg", DetectionLosses.smoothL1(pred, t, 1f / 9).sum().div(GraphScalars.of(pred, Math.max(ns, 1))));
        }
        return out;
    }
}
