package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * The plumbing the dense heads (FCOS, RetinaNet, GFL) share: towers shared across the pyramid
 * levels feeding a 3×3 classifier (on the class feature) and a 3×3 regressor (on the box feature);
 * the forward runs them on every level, lets the head turn each level's raw maps into its flat
 * outputs, and concatenates those over the levels, finest first. The three children are added
 * first and in this order, so a head's parameter order (and its saved files) stays as it was.
 *
 * <pre>{@code final class MyHead extends DenseHead { MyHead(HeadTowers t) { super(t, "cls_logits", 80, "bbox_pred", 4); } }}</pre>
 */
abstract class DenseHead extends AbstractBlock implements DetectionHead, CostAware {

    protected final HeadTowers towers;
    protected final Block clsLogits;
    protected final Block bboxPred;
    protected final int numClasses;
    private final String clsName;
    private final String bboxName;

    /**
     * Adds the towers and the two predictors as the first children.
     *
     * @param towers the shared towers
     * @param numClasses number of classes (no background class)
     * @param clsName child name of the classifier
     * @param clsOut classifier output channels
     * @param bboxName child name of the regressor
     * @param bboxOut regressor output channels
     */
    DenseHead(HeadTowers towers, int numClasses, String clsName, int clsOut, String bboxName, int bboxOut) {
        this.towers = addChildBlock("towers", towers);
        this.numClasses = numClasses;
        this.clsName = clsName;
        this.bboxName = bboxName;
        clsLogits = addChildBlock(clsName, HeadPredictors.classifier(clsOut));
        bboxPred = addChildBlock(bboxName, HeadPredictors.regressor(bboxOut));
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /**
     * One level's flat outputs, e.g. {@code [cls (B, H·W, K), reg (B, H·W, 4)]}.
     *
     * @param level index of the pyramid level
     * @param feature the towers' {@code [clsFeature, regFeature]}
     * @param cls the classifier's map (B, C, H, W)
     * @param box the regressor's map (B, C, H, W)
     */
    protected abstract NDList levelOutputs(
            ParameterStore ps, int level, NDList feature, NDArray cls, NDArray box, boolean training,
            PairList<String, Object> params);

    /** The outputs concatenated over the levels; heads with a step after the levels (GFLV2) override it. */
    protected NDList finish(ParameterStore ps, NDList outputs, boolean training, PairList<String, Object> params) {
        return outputs;
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDList> perOutput = new ArrayList<>();
        for (int l = 0; l < inputs.size(); l++) {
            NDList f = towers.forward(ps, new NDList(inputs.get(l)), training, params);
            NDArray c = clsLogits.forward(ps, new NDList(f.get(0)), training, params).head();
            NDArray r = bboxPred.forward(ps, new NDList(f.get(1)), training, params).head();
            NDList outs = levelOutputs(ps, l, f, c, r, training, params);
            for (int k = 0; k < outs.size(); k++) {
                if (perOutput.size() <= k) {
                    perOutput.add(new NDList());
                }
                perOutput.get(k).add(outs.get(k));
            }
        }
        NDList joined = new NDList();
        for (NDList o : perOutput) {
            joined.add(NDArrays.concat(o, 1));
        }
        return finish(ps, joined, training, params);
    }

    /**
     * Initialises the head's own children after the towers and predictors.
     *
     * @param feature the towers' output shapes {@code [clsFeature, regFeature]}
     */
    protected abstract void initializeExtras(NDManager manager, DataType dataType, Shape[] feature);

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        towers.initialize(manager, dataType, inputShapes[0]);
        Shape[] f = towers.getOutputShapes(new Shape[] {inputShapes[0]});
        clsLogits.initialize(manager, dataType, f[0]);
        bboxPred.initialize(manager, dataType, f[1]);
        initializeExtras(manager, dataType, f);
    }

    /**
     * Counts the cost of the head's own children on one level, after the towers and predictors.
     *
     * @param level index of the pyramid level
     * @param input the level's input shape
     * @param feature the towers' output shapes
     * @param box the regressor's output shapes
     */
    protected abstract void countLevelCost(CostCounter counter, int level, Shape input, Shape[] feature, Shape[] box);

    @Override
    public final Shape[] countCost(CostCounter counter, Shape[] inputs) {
        for (int l = 0; l < inputs.length; l++) {
            Shape[] f = counter.visit("towers", towers, inputs[l]);
            counter.visit(clsName, clsLogits, f[0]);
            Shape[] r = counter.visit(bboxName, bboxPred, f[1]);
            countLevelCost(counter, l, inputs[l], f, r);
        }
        return getOutputShapes(inputs);
    }

    /** Locations (cells) over all levels of the input shapes, (B, C, H, W) each. */
    static long cells(Shape[] inputShapes) {
        long l = 0;
        for (Shape s : inputShapes) {
            l += s.get(2) * s.get(3);
        }
        return l;
    }

    /** (B, C, H, W) → (B, H·W, C). */
    static NDArray flatten(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2) * s.get(3), s.get(1));
    }

    /** Indices of the true entries: advanced indexing keeps the gradient (boolean masks need equal shapes). */
    static long[] positiveRows(boolean[] pos, int count) {
        long[] idx = new long[count];
        int k = 0;
        for (int i = 0; i < pos.length; i++) {
            if (pos[i]) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    static float clip(float v, float max) {
        return Math.min(max, Math.max(0, v));
    }
}
