package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
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

/**
 * The FCOS head with the "imprv" options: pluggable towers shared across levels, 3×3 predictors
 * for class logits, distances and centre-ness (centre-ness on the regression branch), a learnable
 * scale per level, regression targets normalised by the stride, prior-probability bias init.
 * Training: sigmoid focal loss (α 0.25, γ 2) over all locations / #pos; GIoU loss on positives
 * weighted by centre-ness targets / their sum; centre-ness BCE / #pos. Inference: probability
 * above the threshold, top k per level by probability × centre-ness, score √(cls × ctr), boxes
 * clipped, class-wise NMS, at most N per image.
 *
 * <pre>{@code FcosHead head = new FcosHead(ConvTowers.fcos(256, 4), 80, List.of(8, 16, 32, 64, 128));}</pre>
 *
 * <p>Forward outputs: {@code [cls (B, L, K), reg (B, L, 4) in strides, ctr (B, L)]} with L the
 * locations of all levels, finest first.
 */
public final class FcosHead extends DenseHead {

    private final Block centerness;
    private final List<Scale> scales = new ArrayList<>();
    private final FcosAssigner assigner;
    private InferenceSettings inference = InferenceSettings.fcos();

    /**
     * Creates the head.
     *
     * @param towers the shared towers
     * @param numClasses number of classes (no background class)
     * @param levels number of pyramid levels
     */
    public FcosHead(HeadTowers towers, int numClasses, int levels) {
        super(towers, numClasses, "cls_logits", numClasses, "bbox_pred", 4);
        centerness = addChildBlock("centerness", HeadPredictors.regressor(1));
        for (int l = 0; l < levels; l++) {
            scales.add(addChildBlock("scale" + l, new Scale(1f)));
        }
        assigner = new FcosAssigner(1.5f);
    }

    /**
     * Sets the inference thresholds.
     *
     * @param s the settings
     * @return this head
     */
    public FcosHead setInference(InferenceSettings s) {
        this.inference = s;
        return this;
    }

    /** @return the towers */
    public HeadTowers towers() {
        return towers;
    }

    @Override
    protected NDList levelOutputs(
            ParameterStore ps, int level, NDList feature, NDArray cls, NDArray box, boolean training,
            PairList<String, Object> params) {
        NDArray rr = Activation.relu(scales.get(level).forward(ps, new NDList(box), training, params).head());
        NDArray t = centerness.forward(ps, new NDList(feature.get(1)), training, params).head();
        return new NDList(flatten(cls), flatten(rr), flatten(t).squeeze(2));
    }

    @Override
    public Map<String, NDArray> losses(NDList outputs, NDList targets, Locations loc) {
        NDArray cls = outputs.get(0);
        NDArray reg = outputs.get(1);
        NDArray ctr = outputs.get(2);
        int b = (int) cls.getShape().get(0);
        int n = loc.size();
        ImageTargets truth = ImageTargets.of(targets, b);
        float[] oneHot = new float[b * n * numClasses];
        float[] regT = new float[b * n * 4];
        float[] ctrT = new float[b * n];
        boolean[] pos = new boolean[b * n];
        int positives = 0;
        double ctrSum = 0;
        for (int i = 0; i < b; i++) {
            FcosAssigner.Targets t = assigner.assign(loc, truth.boxes(i), truth.classes(i));
            for (int k = 0; k < n; k++) {
                int label = t.labels[k];
                if (label < 0) {
                    continue;
                }
                int row = i * n + k;
                oneHot[row * numClasses + label] = 1;
                System.arraycopy(t.regression, 4 * k, regT, 4 * row, 4);
                ctrT[row] = t.centerness[k];
                pos[row] = true;
                ctrSum += t.centerness[k];
            }
            positives += t.positives;
        }
        NDManager m = cls.getManager();
        Map<String, NDArray> losses = new LinkedHashMap<>();
        NDArray targetsCls = m.create(oneHot, new Shape(b, n, numClasses));
        float norm = Math.max(positives, 1);
        losses.put("loss_cls", DetectionLosses.sigmoidFocal(cls, targetsCls, 0.25f, 2f).sum().div(GraphScalars.of(cls, norm)));
        if (positives == 0) {
            losses.put("loss_reg", reg.sum().mul(GraphScalars.of(reg, 0)));
            losses.put("loss_centerness", ctr.sum().mul(GraphScalars.of(ctr, 0)));
            return losses;
        }
        NDArray mask = m.create(positiveRows(pos, positives));
        NDArray regPos = reg.reshape(b * (long) n, 4).get(mask);
        NDArray ctrPos = ctr.reshape(b * (long) n).get(mask);
        NDArray regTPos = m.create(regT, new Shape(b * (long) n, 4)).get(mask);
        NDArray ctrTPos = m.create(ctrT).get(mask);
        NDArray giou = DetectionLosses.giouDistances(regPos, regTPos);
        losses.put("loss_reg", giou.mul(ctrTPos).sum().div(GraphScalars.of(giou, (float) Math.max(ctrSum, 1e-6))));
        losses.put("loss_centerness", DetectionLosses.bceWithLogits(ctrPos, ctrTPos).sum().div(GraphScalars.of(ctrPos, norm)));
        return losses;
    }

    @Override
    public List<ImageDetections> decode(NDList outputs, NDList targets, Locations loc) {
        NDArray prob = Activation.sigmoid(outputs.get(0));
        NDArray reg = outputs.get(1);
        NDArray ctr = Activation.sigmoid(outputs.get(2));
        int b = (int) prob.getShape().get(0);
        float[] info = targets.get(DetectionTargets.INFO).toFloatArray();
        List<ImageDetections> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            float h = info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_HEIGHT];
            float w = info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_WIDTH];
            DetectionCollector c = new DetectionCollector();
            for (int l = 0; l < loc.levels(); l++) {
                int s = loc.start(l);
                int e = loc.end(l);
                String range = i + ", " + s + ":" + e;
                NDArray p = prob.get(range + ", :");
                NDArray score = p.mul(ctr.get(range).expandDims(1));
                TopScoringSelection.Top top = TopScoringSelection.top(p, score, inference.scoreThreshold(), inference.topKPerLevel());
                if (top.score.length == 0) {
                    continue;
                }
                float[] r = reg.get(range + ", :").toFloatArray();
                float stride = loc.stride(l);
                for (int j = 0; j < top.score.length; j++) {
                    int pos = (int) (top.index[j] / numClasses);
                    int cls = (int) (top.index[j] % numClasses);
                    float x = loc.x(s + pos);
                    float y = loc.y(s + pos);
                    c.add(
                            clip(x - r[4 * pos] * stride, w),
                            clip(y - r[4 * pos + 1] * stride, h),
                            clip(x + r[4 * pos + 2] * stride, w),
                            clip(y + r[4 * pos + 3] * stride, h),
                            (float) Math.sqrt(top.score[j]),
                            cls);
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
        return new Shape[] {new Shape(b, l, numClasses), new Shape(b, l, 4), new Shape(b, l)};
    }

    @Override
    protected void initializeExtras(NDManager manager, DataType dataType, Shape[] feature) {
        centerness.initialize(manager, dataType, feature[1]);
        for (Scale s : scales) {
            s.initialize(manager, dataType, feature[1]);
        }
    }

    @Override
    protected void countLevelCost(CostCounter counter, int level, Shape input, Shape[] feature, Shape[] box) {
        counter.visit("scale" + level, scales.get(level), box);
        counter.addActivation(box[0].size());
        counter.visit("centerness", centerness, feature[1]);
    }
}
