package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.nas4det.core.nn.GraphScalars;

/**
 * The detection losses on NDArrays (differentiable): sigmoid focal loss, GIoU loss on (l, t, r, b)
 * distances as FCOS computes it, binary cross-entropy with logits, smooth L1. Each returns the
 * unreduced per-element loss; callers sum and normalise.
 *
 * <pre>{@code NDArray cls = DetectionLosses.sigmoidFocal(logits, oneHot, 0.25f, 2f).sum();}</pre>
 */
public final class DetectionLosses {

    private DetectionLosses() {}

    /**
     * Sigmoid focal loss (Lin et al.): {@code −α_t (1 − p_t)^γ log p_t} per element.
     *
     * @param logits raw scores
     * @param targets 0/1 targets of the same shape
     * @param alpha weight of positives (0.25)
     * @param gamma focusing exponent (2)
     * @return per-element loss
     */
    public static NDArray sigmoidFocal(NDArray logits, NDArray targets, float alpha, float gamma) {
        NDArray p = Activation.sigmoid(logits);
        // log p = −softplus(−x), log(1 − p) = −softplus(x): stable for large |x|.
        NDArray logP = Activation.softPlus(logits.neg()).neg();
        NDArray log1mP = Activation.softPlus(logits).neg();
        NDArray pos = p.neg().add(1f).pow(GraphScalars.of(p, gamma)).mul(logP).mul(targets).mul(GraphScalars.of(p, -alpha));
        NDArray neg = p.pow(GraphScalars.of(p, gamma)).mul(log1mP).mul(targets.neg().add(1f)).mul(GraphScalars.of(p, -(1 - alpha)));
        return pos.add(neg);
    }

    /**
     * Binary cross-entropy with logits per element.
     *
     * @param logits raw scores
     * @param targets targets in 0..1
     * @return per-element loss
     */
    public static NDArray bceWithLogits(NDArray logits, NDArray targets) {
        // max(x, 0) − x·t + log(1 + e^−|x|) = softplus(x) − x·t
        return Activation.softPlus(logits).sub(logits.mul(targets));
    }

    /**
     * GIoU loss between predicted and target distances {@code (l, t, r, b)} from the same point,
     * FCOS's IOULoss("giou"): IoU smoothed as (I + 1)/(U + 1), 1e-7 added to the enclosing area.
     *
     * @param pred predicted distances {@code (n, 4)}
     * @param target target distances {@code (n, 4)}
     * @return {@code 1 − GIoU} per row
     */
    public static NDArray giouDistances(NDArray pred, NDArray target) {
        NDArray pl = pred.get(":, 0");
        NDArray pt = pred.get(":, 1");
        NDArray pr = pred.get(":, 2");
        NDArray pb = pred.get(":, 3");
        NDArray tl = target.get(":, 0");
        NDArray tt = target.get(":, 1");
        NDArray tr = target.get(":, 2");
        NDArray tb = target.get(":, 3");
        NDArray predArea = pl.add(pr).mul(pt.add(pb));
        NDArray targetArea = tl.add(tr).mul(tt.add(tb));
        NDArray wI = pl.minimum(tl).add(pr.minimum(tr));
        NDArray hI = pb.minimum(tb).add(pt.minimum(tt));
        NDArray gw = pl.maximum(tl).add(pr.maximum(tr));
        NDArray gh = pb.maximum(tb).add(pt.maximum(tt));
        NDArray enclosing = gw.mul(gh).add(1e-7f);
        NDArray inter = wI.mul(hI);
        NDArray union = targetArea.add(predArea).sub(inter);
        NDArray iou = inter.add(1f).div(union.add(1f));
        NDArray giou = iou.sub(enclosing.sub(union).div(enclosing));
        return giou.neg().add(1f);
    }

    /**
     * GIoU loss between two sets of corner boxes {@code (n, 4)} (x1 y1 x2 y2), unsmoothed.
     *
     * @param pred predicted boxes
     * @param target target boxes
     * @return {@code 1 − GIoU} per row
     */
    public static NDArray giouCorners(NDArray pred, NDArray target) {
        NDArray px1 = pred.get(":, 0");
        NDArray py1 = pred.get(":, 1");
        NDArray px2 = pred.get(":, 2");
        NDArray py2 = pred.get(":, 3");
        NDArray tx1 = target.get(":, 0");
        NDArray ty1 = target.get(":, 1");
        NDArray tx2 = target.get(":, 2");
        NDArray ty2 = target.get(":, 3");
        NDArray predArea = px2.sub(px1).mul(py2.sub(py1));
        NDArray targetArea = tx2.sub(tx1).mul(ty2.sub(ty1));
        NDArray iw = px2.minimum(tx2).sub(px1.maximum(tx1)).maximum(GraphScalars.of(px2, 0));
        NDArray ih = py2.minimum(ty2).sub(py1.maximum(ty1)).maximum(GraphScalars.of(py2, 0));
        NDArray inter = iw.mul(ih);
        NDArray union = predArea.add(targetArea).sub(inter).add(1e-7f);
        NDArray iou = inter.div(union);
        NDArray ew = px2.maximum(tx2).sub(px1.minimum(tx1));
        NDArray eh = py2.maximum(ty2).sub(py1.minimum(ty1));
        NDArray enclosing = ew.mul(eh).add(1e-7f);
        return iou.sub(enclosing.sub(union).div(enclosing)).neg().add(1f);
    }

    /**
     * Smooth L1 per element: {@code 0.5 d²/β} below β, else {@code |d| − 0.5β}.
     *
     * @param pred predictions
     * @param target targets
     * @param beta the transition point (0 gives plain L1)
     * @return per-element loss
     */
    public static NDArray smoothL1(NDArray pred, NDArray target, float beta) {
        NDArray d = pred.sub(target).abs();
        if (beta <= 0) {
            return d;
        }
        NDArray quadratic = d.square().mul(GraphScalars.of(d, 0.5f / beta));
        NDArray linear = d.sub(0.5f * beta);
        return d.lt(beta).toType(d.getDataType(), false).mul(quadratic)
                .add(d.gte(beta).toType(d.getDataType(), false).mul(linear));
    }
}
