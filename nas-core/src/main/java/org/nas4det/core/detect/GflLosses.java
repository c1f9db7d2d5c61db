package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nas4det.core.nn.GraphScalars;

/**
 * The losses and the box representation of GFL (Li et al. 2020), on NDArrays: Quality Focal Loss,
 * Distribution Focal Loss and the integral of a discretised distance distribution. Each loss is
 * returned unreduced; the head sums and normalises.
 *
 * <pre>{@code NDArray d = GflLosses.integral(regLogits, 16); // (.., 4) distances in strides}</pre>
 */
public final class GflLosses {

    private GflLosses() {}

    /**
     * Quality Focal Loss per element: {@code BCE(σ(x), y) · |y − σ(x)|^β} with a soft target
     * {@code y} (the IoU of the predicted box at the positive's class, 0 elsewhere).
     *
     * @param logits class logits
     * @param quality soft targets in 0..1 of the same shape
     * @param beta the exponent (2)
     * @return per-element loss
     */
    public static NDArray qualityFocal(NDArray logits, NDArray quality, float beta) {
        NDArray p = ai.djl.nn.Activation.sigmoid(logits);
        return DetectionLosses.bceWithLogits(logits, quality).mul(quality.sub(p).abs().pow(GraphScalars.of(p, beta)));
    }

    /**
     * Quality Focal Loss on probabilities (GFLV2, whose score is σ(logit) × quality):
     * {@code −(y log p + (1 − y) log(1 − p)) · |y − p|^β}, the logarithms clamped at −100 as
     * PyTorch's {@code binary_cross_entropy}.
     *
     * @param prob scores in 0..1
     * @param quality soft targets
     * @param beta the exponent (2)
     * @return per-element loss
     */
    public static NDArray qualityFocalProb(NDArray prob, NDArray quality, float beta) {
        NDArray logP = prob.log().maximum(GraphScalars.of(prob, -100));
        NDArray log1mP = prob.neg().add(1f).log().maximum(GraphScalars.of(prob, -100));
        NDArray bce = quality.mul(logP).add(quality.neg().add(1f).mul(log1mP)).neg();
        return bce.mul(quality.sub(prob).abs().pow(GraphScalars.of(prob, beta)));
    }

    /**
     * Distribution Focal Loss per row: with the target distance {@code y} between bins
     * {@code ⌊y⌋} and {@code ⌊y⌋+1}, {@code −((⌊y⌋+1 − y) log S_⌊y⌋ + (y − ⌊y⌋) log S_⌊y⌋+1)}, S the
     * softmax over the bins.
     *
     * @param logits bin logits {@code (n, regMax + 1)}
     * @param target distances in bins {@code (n)}, in {@code [0, regMax)}
     * @return {@code (n)} losses
     */
    public static NDArray distributionFocal(NDArray logits, float[] target) {
        int bins = (int) logits.getShape().get(1);
        int n = target.length;
        float[] w = new float[n * bins];
        for (int i = 0; i < n; i++) {
            int left = (int) Math.floor(target[i]);
            left = Math.max(0, Math.min(bins - 2, left));
            w[i * bins + left] = left + 1 - target[i];
            w[i * bins + left + 1] = target[i] - left;
        }
        NDManager m = logits.getManager();
        return logits.logSoftmax(1).mul(m.create(w, new Shape(n, bins))).sum(new int[] {1}).neg();
    }

    /**
     * The expected distance of each side's distribution: softmax over the {@code regMax + 1} bins,
     * times {@code 0, 1, .., regMax}.
     *
     * @param logits {@code (.., 4·(regMax + 1))}
     * @param regMax the last bin (16)
     * @return {@code (.., 4)} distances in strides
     */
    public static NDArray integral(NDArray logits, int regMax) {
        Shape s = logits.getShape();
        NDManager m = logits.getManager();
        NDArray bins = m.arange(0f, regMax + 1f).toType(logits.getDataType(), false);
        NDArray p = logits.reshape(-1, regMax + 1L).softmax(1);
        Shape out = s.slice(0, s.dimension() - 1).add(4);
        return p.matMul(bins.reshape(regMax + 1L, 1)).reshape(out);
    }

    /**
     * IoU of aligned pairs of corner boxes {@code (n, 4)}.
     *
     * @param a boxes
     * @param b boxes
     * @return {@code (n)} IoUs
     */
    public static NDArray alignedIou(NDArray a, NDArray b) {
        NDArray iw = a.get(":, 2").minimum(b.get(":, 2")).sub(a.get(":, 0").maximum(b.get(":, 0"))).maximum(GraphScalars.of(a, 0));
        NDArray ih = a.get(":, 3").minimum(b.get(":, 3")).sub(a.get(":, 1").maximum(b.get(":, 1"))).maximum(GraphScalars.of(a, 0));
        NDArray inter = iw.mul(ih);
        NDArray areaA = a.get(":, 2").sub(a.get(":, 0")).mul(a.get(":, 3").sub(a.get(":, 1")));
        NDArray areaB = b.get(":, 2").sub(b.get(":, 0")).mul(b.get(":, 3").sub(b.get(":, 1")));
        return inter.div(areaA.add(areaB).sub(inter).maximum(GraphScalars.of(inter, 1e-6)));
    }
}
