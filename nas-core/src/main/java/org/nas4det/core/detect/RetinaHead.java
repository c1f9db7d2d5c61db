package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.data.DetectionTargets;
import org.nas4det.core.eval.ImageDetections;
import org.nas4det.core.nn.GraphScalars;

/**
 * The RetinaNet head: shared towers, a 3×3 classifier (9 anchors × K, prior-probability bias) and
 * a 3×3 box regressor (9 × 4 deltas). Training: sigmoid focal loss over positive and negative
 * anchors / #pos, and smooth L1 (β 0.1) on the deltas of positives / #pos, or GIoU on the decoded
 * boxes. Inference as FCOS's, with NMS at 0.5.
 *
 * <pre>{@code RetinaHead h = new RetinaHead(ConvTowers.retinanet(256, 4), 80, List.of(8, 16, 32, 64, 128), false);}</pre>
 */
public final class RetinaHead extends DenseHead {

    private final boolean giou;
    private final AnchorAssigner assigner = new AnchorAssigner(0.5f, 0.4f);
    private final Map<Locations, float[]> anchorCache = Collections.synchronizedMap(new IdentityHashMap<>());
    private InferenceSettings inference = InferenceSettings.retinanet();

    /**
     * Creates the head.
     *
     * @param towers shared towers
     * @param numClasses number of classes
     * @param strides strides of the pyramid levels
     * @param giouRegression GIoU on decoded boxes instead of smooth L1 on deltas
     */
    public RetinaHead(HeadTowers towers, int numClasses, List<Integer> strides, boolean giouRegression) {
        super(towers, numClasses, "cls_logits", Anchors.PER_LOCATION * numClasses, "bbox_pred", Anchors.PER_LOCATION * 4);
        this.giou = giouRegression;
    }

    /**
     * Sets the inference thresholds.
     *
     * @param s the settings
     * @return this head
     */
    public RetinaHead setInference(InferenceSettings s) {
        this.inference = s;
        return this;
    }

    @Override
    protected NDList levelOutputs(
            ParameterStore ps, int level, NDList feature, NDArray cls, NDArray box, boolean training,
            PairList<String, Object> params) {
        long b = cls.getShape().get(0);
        return new NDList(flatten(cls).reshape(b, -1, numClasses), flatten(box).reshape(b, -1, 4));
    }

    private float[] anchors(Locations loc) {
        return anchorCache.computeIfAbsent(loc, Anchors::generate);
    }

    @Override
    public Map<String, NDArray> losses(NDList outputs, NDList targets, Locations loc) {
        NDArray cls = outputs.get(0);
        NDArray reg = outputs.get(1);
        int b = (int) cls.getShape().get(0);
        float[] anchors = anchors(loc);
        int n = anchors.length / 4;
        ImageTargets truth = ImageTargets.of(targets, b);
        float[] oneHot = new float[b * n * numClasses];
        float[] valid = new float[b * n];
        float[] deltas = new float[b * n * 4];
        float[] gtBoxes = new float[b * n * 4];
        float[] anchorBoxes = new float[b * n * 4];
        boolean[] pos = new boolean[b * n];
        int positives = 0;
        for (int i = 0; i < b; i++) {
            float[] gb = truth.boxes(i);
            int[] gc = truth.classes(i);
            int[] match = assigner.assign(anchors, gb);
            for (int a = 0; a < n; a++) {
                int row = i * n + a;
                if (match[a] == AnchorAssigner.IGNORE) {
                    continue;
                }
                valid[row] = 1;
                if (match[a] >= 0) {
                    oneHot[row * numClasses + gc[match[a]]] = 1;
                    Anchors.encode(anchors, a, gb, match[a], deltas, row);
                    System.arraycopy(gb, 4 * match[a], gtBoxes, 4 * row, 4);
                    System.arraycopy(anchors, 4 * a, anchorBoxes, 4 * row, 4);
                    pos[row] = true;
                    positives++;
                }
            }
        }
        NDManager m = cls.getManager();
        float norm = Math.max(positives, 1);
        Map<String, NDArray> losses = new LinkedHashMap<>();
        NDArray focal = DetectionLosses.sigmoidFocal(cls, m.create(oneHot, new Shape(b, n, numClasses)), 0.25f, 2f);
        losses.put("loss_cls", focal.mul(m.create(valid, new Shape(b, n, 1))).sum().div(GraphScalars.of(focal, norm)));
        if (positives == 0) {
            losses.put("loss_reg", reg.sum().mul(GraphScalars.of(reg, 0)));
            return losses;
        }
        NDArray mask = m.create(positiveRows(pos, positives));
        NDArray predPos = reg.reshape(b * (long) n, 4).get(mask);
        if (giou) {
            NDArray anc = m.create(anchorBoxes, new Shape(b * (long) n, 4)).get(mask);
            NDArray decoded = decode(anc, predPos);
            NDArray gt = m.create(gtBoxes, new Shape(b * (long) n, 4)).get(mask);
            losses.put("loss_reg", DetectionLosses.giouCorners(decoded, gt).sum().div(GraphScalars.of(decoded, norm)));
        } else {
            NDArray target = m.create(deltas, new Shape(b * (long) n, 4)).get(mask);
            losses.put("loss_reg", DetectionLosses.smoothL1(predPos, target, 0.1f).sum().div(GraphScalars.of(predPos, norm)));
        }
        return losses;
    }

    /** Decodes deltas on the tensor side (differentiable), for the GIoU loss. */
    private static NDArray decode(NDArray anchors, NDArray d) {
        NDArray aw = anchors.get(":, 2").sub(anchors.get(":, 0"));
        NDArray ah = anchors.get(":, 3").sub(anchors.get(":, 1"));
        NDArray half = GraphScalars.of(d, 0.5);
        NDArray ax = anchors.get(":, 0").add(aw.mul(half));
        NDArray ay = anchors.get(":, 1").add(ah.mul(half));
        NDArray cx = d.get(":, 0").mul(aw).add(ax);
        NDArray cy = d.get(":, 1").mul(ah).add(ay);
        NDArray maxLog = GraphScalars.of(d, Anchors.MAX_LOG_RATIO);
        NDArray w = d.get(":, 2").minimum(maxLog).exp().mul(aw);
        NDArray h = d.get(":, 3").minimum(maxLog).exp().mul(ah);
        return NDArrays.stack(new NDList(
                cx.sub(w.mul(half)), cy.sub(h.mul(half)), cx.add(w.mul(half)), cy.add(h.mul(half))), 1);
    }

    @Override
    public List<ImageDetections> decode(NDList outputs, NDList targets, Locations loc) {
        NDArray prob = Activation.sigmoid(outputs.get(0));
        NDArray reg = outputs.get(1);
        float[] anchors = anchors(loc);
        int b = (int) prob.getShape().get(0);
        float[] info = targets.get(DetectionTargets.INFO).toFloatArray();
        List<ImageDetections> out = new ArrayList<>();
        int per = Anchors.PER_LOCATION;
        for (int i = 0; i < b; i++) {
            float h = info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_HEIGHT];
            float w = info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_WIDTH];
            DetectionCollector c = new DetectionCollector();
            for (int l = 0; l < loc.levels(); l++) {
                int s = loc.start(l) * per;
                int e = loc.end(l) * per;
                String range = i + ", " + s + ":" + e;
                NDArray p = prob.get(range + ", :");
                TopScoringSelection.Top top = TopScoringSelection.top(p, p, inference.scoreThreshold(), inference.topKPerLevel());
                if (top.score.length == 0) {
                    continue;
                }
                float[] d = reg.get(range + ", :").toFloatArray();
                for (int j = 0; j < top.score.length; j++) {
                    int a = (int) (top.index[j] / numClasses);
                    float[] box = Anchors.decode(anchors, s + a, d, a);
                    c.add(clip(box[0], w), clip(box[1], h), clip(box[2], w),
                            clip(box[3], h), top.score[j], (int) (top.index[j] % numClasses));
                }
            }
            out.add(c.finish(0, inference));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long l = cells(inputShapes) * Anchors.PER_LOCATION;
        return new Shape[] {new Shape(b, l, numClasses), new Shape(b, l, 4)};
    }

    @Override
    protected void initializeExtras(NDManager manager, DataType dataType, Shape[] feature) {
        // the towers and the two predictors are all a RetinaNet head has
    }

    @Override
    protected void countLevelCost(CostCounter counter, int level, Shape input, Shape[] feature, Shape[] box) {
        // nothing beyond the towers and the two predictors
    }
}
