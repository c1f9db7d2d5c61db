package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.data.DetectionTargets;
import org.nas4det.core.eval.ImageDetections;
import org.nas4det.core.nn.GraphScalars;
import org.nas4det.core.nn.Scale;
import org.nas4det.core.nn.TorchInitializers;

/**
 * The GFL head (Generalized Focal Loss, mmdetection's {@code GFLHead}): shared conv-GN-ReLU towers,
 * a 3×3 classifier giving the joint class-IoU score (prior-probability bias) and a 3×3 regressor
 * giving, per side, logits over {@code regMax + 1} (17) distance bins in strides, with a learnable
 * scale per level. Assignment by ATSS (top 9, one 8·stride anchor per location; the anchor
 * centres are the {@link Locations} points, {@code (j + ½)·stride}, where mmdetection uses
 * {@code j·stride}). Losses:
 * Quality Focal Loss (β 2) against the IoU of the decoded box at the positive's class, / #pos;
 * GIoU (weight 2) and Distribution Focal Loss (weight 0.25, averaged over the 4 sides) on the
 * positives, each weighted by the positive's highest predicted score and divided by the sum of
 * those weights (at least 1). Inference: scores above 0.05, top 1,000 per level, class-wise NMS
 * 0.6, 100 per image; boxes from the integral of the distributions.
 *
 * <pre>{@code GflHead h = new GflHead(ConvTowers.fcos(256, 4), 80, 5);}</pre>
 *
 * <p>Forward outputs: {@code [cls (B, L, K), reg (B, L, 4·(regMax+1))]}.
 */
public final class GflHead extends DenseHead {

    /** The last distance bin (mmdetection's {@code reg_max}). */
    public static final int REG_MAX = 16;
    private static final int DGQP_TOPK = 4;
    private static final int DGQP_WIDTH = 64;

    private final List<Scale> scales = new ArrayList<>();
    private final Block dgqp;
    private final Block dgqpOut;
    private final AtssAssigner assigner = new AtssAssigner(9, 8f);
    private InferenceSettings inference = InferenceSettings.fcos();

    /**
     * Creates the head.
     *
     * @param towers shared towers
     * @param numClasses number of classes (no background class)
     * @param levels pyramid levels
     */
    public GflHead(HeadTowers towers, int numClasses, int levels) {
        this(towers, numClasses, levels, false);
    }

    /**
     * Creates the head, optionally with GFLV2's distribution-guided quality predictor (DGQP): per
     * side the top 4 bin probabilities and their mean (20 values) go through FC 64 + ReLU + FC 1 +
     * sigmoid (N(0, 0.01) weights), and the class score becomes σ(logit) × that quality; the
     * forward's first output is then a probability and QFL works on probabilities.
     *
     * @param towers shared towers
     * @param numClasses number of classes
     * @param levels pyramid levels
     * @param dgqp true for GFLV2's quality predictor
     */
    public GflHead(HeadTowers towers, int numClasses, int levels, boolean dgqp) {
        super(towers, numClasses, "gfl_cls", numClasses, "gfl_reg", 4 * (REG_MAX + 1));
        for (int l = 0; l < levels; l++) {
            scales.add(addChildBlock("scale" + l, new Scale(1f)));
        }
        if (dgqp) {
            this.dgqp = addChildBlock("reg_conf0", dgqpLinear(DGQP_WIDTH));
            this.dgqpOut = addChildBlock("reg_conf1", dgqpLinear(1));
        } else {
            this.dgqp = null;
            this.dgqpOut = null;
        }
    }

    private static Block dgqpLinear(int units) {
        Block q = Linear.builder().setUnits(units).build();
        q.setInitializer(TorchInitializers.normal(0.01), Parameter.Type.WEIGHT);
        q.setInitializer(TorchInitializers.constant(0), Parameter.Type.BIAS);
        return q;
    }

    /** @return true when the class output is GFLV2's probability × quality (no logits) */
    public boolean isV2() {
        return dgqp != null;
    }

    /**
     * Sets the inference thresholds.
     *
     * @param s the settings
     * @return this head
     */
    public GflHead setInference(InferenceSettings s) {
        this.inference = s;
        return this;
    }

    @Override
    protected NDList levelOutputs(
            ParameterStore ps, int level, NDList feature, NDArray cls, NDArray box, boolean training,
            PairList<String, Object> params) {
        NDArray rr = scales.get(level).forward(ps, new NDList(box), training, params).head();
        return new NDList(flatten(cls), flatten(rr));
    }

    @Override
    protected NDList finish(ParameterStore ps, NDList outputs, boolean training, PairList<String, Object> params) {
        NDArray c = outputs.get(0);
        NDArray r = outputs.get(1);
        if (dgqp != null) {
            Shape s = r.getShape();
            NDArray prob = r.reshape(s.get(0), s.get(1), 4, REG_MAX + 1L).softmax(3);
            NDArray top = prob.topK(DGQP_TOPK, 3, true, true).get(0);
            NDArray stat = NDArrays.concat(new NDList(top, top.mean(new int[] {3}, true)), 3)
                    .reshape(s.get(0), s.get(1), 4L * (DGQP_TOPK + 1));
            NDArray hidden = Activation.relu(dgqp.forward(ps, new NDList(stat), training, params).head());
            NDArray quality = Activation.sigmoid(dgqpOut.forward(ps, new NDList(hidden), training, params).head());
            c = Activation.sigmoid(c).mul(quality);
        }
        return new NDList(c, r);
    }

    /** Location points and strides of every location, {@code (L, 2)} and {@code (L, 1)}. */
    private static NDArray[] points(NDManager m, Locations loc) {
        float[] xy = new float[2 * loc.size()];
        float[] st = new float[loc.size()];
        for (int l = 0; l < loc.levels(); l++) {
            for (int k = loc.start(l); k < loc.end(l); k++) {
                xy[2 * k] = loc.x(k);
                xy[2 * k + 1] = loc.y(k);
                st[k] = loc.stride(l);
            }
        }
        return new NDArray[] {m.create(xy, new Shape(loc.size(), 2)), m.create(st, new Shape(loc.size(), 1))};
    }

    /** Boxes {@code (n, 4)} from points {@code (n, 2)}, strides {@code (n, 1)} and distances in strides. */
    static NDArray boxes(NDArray xy, NDArray stride, NDArray dist) {
        NDArray d = dist.mul(stride);
        NDArray lt = xy.sub(d.get(":, 0:2"));
        NDArray rb = xy.add(d.get(":, 2:4"));
        return NDArrays.concat(new NDList(lt, rb), 1);
    }

    @Override
    public Map<String, NDArray> losses(NDList outputs, NDList targets, Locations loc) {
        NDArray cls = outputs.get(0);
        NDArray reg = outputs.get(1);
        int b = (int) cls.getShape().get(0);
        int n = loc.size();
        ImageTargets truth = ImageTargets.of(targets, b);
        float[] oneHot = new float[b * n * numClasses];
        float[] gtBoxes = new float[b * n * 4];
        boolean[] pos = new boolean[b * n];
        int positives = 0;
        for (int i = 0; i < b; i++) {
            float[] gb = truth.boxes(i);
            int[] gc = truth.classes(i);
            int[] match = assigner.assign(loc, gb);
            for (int k = 0; k < n; k++) {
                if (match[k] < 0) {
                    continue;
                }
                int row = i * n + k;
                oneHot[row * numClasses + gc[match[k]]] = 1;
                System.arraycopy(gb, 4 * match[k], gtBoxes, 4 * row, 4);
                pos[row] = true;
                positives++;
            }
        }
        NDManager m = cls.getManager();
        Map<String, NDArray> losses = new LinkedHashMap<>();
        NDArray hot = m.create(oneHot, new Shape(b, n, numClasses));
        float norm = Math.max(positives, 1);
        if (positives == 0) {
            losses.put("loss_cls", qfl(cls, hot).sum().div(GraphScalars.of(cls, norm)));
            losses.put("loss_bbox", reg.sum().mul(GraphScalars.of(reg, 0)));
            losses.put("loss_dfl", reg.sum().mul(GraphScalars.of(reg, 0)));
            return losses;
        }
        long[] rows = positiveRows(pos, positives);
        NDArray mask = m.create(rows);
        NDArray[] pts = points(m, loc);
        long[] locIdx = new long[positives];
        float[] targetDist = new float[positives * 4];
        for (int j = 0; j < positives; j++) {
            int k = (int) (rows[j] % n);
            locIdx[j] = k;
        }
        NDArray xy = pts[0].get(m.create(locIdx));
        NDArray stride = pts[1].get(m.create(locIdx));
        float[] strideArr = stride.toFloatArray();
        for (int j = 0; j < positives; j++) {
            int row = (int) rows[j];
            int k = (int) (rows[j] % n);
            float[] sides = {
                loc.x(k) - gtBoxes[4 * row], loc.y(k) - gtBoxes[4 * row + 1],
                gtBoxes[4 * row + 2] - loc.x(k), gtBoxes[4 * row + 3] - loc.y(k)};
            for (int q = 0; q < 4; q++) {
                targetDist[4 * j + q] = Math.max(0f, Math.min(REG_MAX - 0.01f, sides[q] / strideArr[j]));
            }
        }
        NDArray regPos = reg.reshape(b * (long) n, 4L * (REG_MAX + 1)).get(mask);
        NDArray clsPos = cls.reshape(b * (long) n, numClasses).get(mask);
        NDArray gtPos = m.create(gtBoxes, new Shape(b * (long) n, 4)).get(mask);
        NDArray pred = boxes(xy, stride, GflLosses.integral(regPos, REG_MAX));
        NDArray weight = probability(clsPos).max(new int[] {1}).stopGradient();
        NDArray iou = GflLosses.alignedIou(pred.stopGradient(), gtPos);
        // the soft target: the (detached) IoU at the positive's class, 0 elsewhere
        float[] iouArr = iou.toFloatArray();
        float[] quality = new float[oneHot.length];
        for (int j = 0; j < positives; j++) {
            int row = (int) rows[j];
            for (int q = 0; q < numClasses; q++) {
                quality[row * numClasses + q] = oneHot[row * numClasses + q] * iouArr[j];
            }
        }
        NDArray qualityFull = m.create(quality, new Shape(b * (long) n, numClasses));
        losses.put("loss_cls", qfl(cls.reshape(b * (long) n, numClasses), qualityFull).sum().div(GraphScalars.of(cls, norm)));
        float avg = Math.max(weight.sum().getFloat(), 1f);
        losses.put("loss_bbox", DetectionLosses.giouCorners(pred, gtPos).mul(weight).sum().mul(GraphScalars.of(weight, 2f / avg)));
        NDArray dfl = GflLosses.distributionFocal(regPos.reshape(positives * 4L, REG_MAX + 1), targetDist)
                .reshape(positives, 4).mean(new int[] {1});
        losses.put("loss_dfl", dfl.mul(weight).sum().mul(GraphScalars.of(weight, 0.25f / avg)));
        return losses;
    }

    private NDArray probability(NDArray cls) {
        return dgqp != null ? cls : Activation.sigmoid(cls);
    }

    private NDArray qfl(NDArray cls, NDArray quality) {
        return dgqp != null ? GflLosses.qualityFocalProb(cls, quality, 2f) : GflLosses.qualityFocal(cls, quality, 2f);
    }

    @Override
    public List<ImageDetections> decode(NDList outputs, NDList targets, Locations loc) {
        NDArray prob = probability(outputs.get(0));
        NDArray dist = GflLosses.integral(outputs.get(1), REG_MAX);
        int b = (int) prob.getShape().get(0);
        float[] info = targets.get(DetectionTargets.INFO).toFloatArray();
        List<ImageDetections> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            float h = info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_HEIGHT];
            float w = info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_WIDTH];
            DetectionCollector c = new DetectionCollector();
            for (int l = 0; l < loc.levels(); l++) {
                int s = loc.start(l);
                String range = i + ", " + s + ":" + loc.end(l);
                NDArray p = prob.get(range + ", :");
                TopScoringSelection.Top top = TopScoringSelection.top(p, p, inference.scoreThreshold(), inference.topKPerLevel());
                if (top.score.length == 0) {
                    continue;
                }
                float[] d = dist.get(range + ", :").toFloatArray();
                float stride = loc.stride(l);
                for (int j = 0; j < top.score.length; j++) {
                    int k = (int) (top.index[j] / numClasses);
                    float x = loc.x(s + k);
                    float y = loc.y(s + k);
                    c.add(clip(x - d[4 * k] * stride, w), clip(y - d[4 * k + 1] * stride, h),
                            clip(x + d[4 * k + 2] * stride, w), clip(y + d[4 * k + 3] * stride, h),
                            top.score[j], (int) (top.index[j] % numClasses));
                }
            }
            out.add(c.finish(0, inference));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long l = cells(inputShapes);
        return new Shape[] {new Shape(b, l, numClasses), new Shape(b, l, 4L * (REG_MAX + 1))};
    }

    @Override
    protected void initializeExtras(NDManager manager, DataType dataType, Shape[] feature) {
        Shape r = bboxPred.getOutputShapes(new Shape[] {feature[1]})[0];
        for (Scale s : scales) {
            s.initialize(manager, dataType, r);
        }
        if (dgqp != null) {
            dgqp.initialize(manager, dataType, new Shape(1, 4L * (DGQP_TOPK + 1)));
            dgqpOut.initialize(manager, dataType, new Shape(1, DGQP_WIDTH));
        }
    }

    @Override
    protected void countLevelCost(CostCounter counter, int level, Shape input, Shape[] feature, Shape[] box) {
        counter.visit("scale" + level, scales.get(level), box);
        if (dgqp != null) {
            long cells = input.get(0) * input.get(2) * input.get(3);
            Shape h = counter.visit("reg_conf0", dgqp, new Shape(cells, 4L * (DGQP_TOPK + 1)))[0];
            counter.addActivation(h.size());
            counter.visit("reg_conf1", dgqpOut, h);
        }
    }
}
