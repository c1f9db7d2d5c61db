package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.nas4det.core.nn.GraphScalars;

/**
 * RoIAlign written from engine operators (no custom kernel), so that autograd differentiates it
 * with respect to the feature map: torchvision's {@code roi_align(aligned=True)} semantics.
 *
 * <p>For a RoI {@code (x1, y1, x2, y2)} in image pixels and a feature map of scale {@code 1/stride},
 * the RoI starts at {@code x1·scale − 0.5} (the half-pixel offset of aligned coordinates) and spans
 * {@code (x2 − x1)·scale}; it is cut into {@code P × P} bins, each sampled on a {@code s × s} grid
 * at the sub-bin centres; every sample is bilinearly interpolated (samples beyond one cell outside
 * the map are zero, coordinates are clamped into the map as torchvision does) and each bin averages
 * its samples.
 *
 * <p>Vectorised over all RoIs at once: bilinear interpolation is separable, so per RoI and output
 * row there are {@code 2s} candidate feature rows with weights, and as many columns per output
 * column; the {@code (2s)²} candidate cells of every output cell are gathered with one indexing
 * op from the channels-last map and reduced with one batched matrix product with their weights.
 * Indices and weights are computed on the tensor side too; no Java loop over RoIs.
 *
 * <pre>{@code NDArray pooled = RoiAlign.apply(feature, rois, 0.25f, 7, 2); // (R, C, 7, 7)}</pre>
 */
public final class RoiAlign {

    private RoiAlign() {}

    /**
     * Pools RoIs from one feature map.
     *
     * @param feature the map {@code (B, C, H, W)}
     * @param rois {@code (R, 5)}: batch index, x1, y1, x2, y2 in image pixels (no gradient is taken)
     * @param spatialScale map size / image size (1 / stride)
     * @param output the output side {@code P}
     * @param samplingRatio samples per bin side {@code s} (positive)
     * @return {@code (R, C, P, P)}
     */
    public static NDArray apply(NDArray feature, NDArray rois, float spatialScale, int output, int samplingRatio) {
        Shape fs = feature.getShape();
        long b = fs.get(0);
        long c = fs.get(1);
        long h = fs.get(2);
        long w = fs.get(3);
        long r = rois.getShape().get(0);
        int s = samplingRatio;
        int k = 2 * s; // candidate rows (columns) per output row (column)
        NDArray boxes = rois.stopGradient().toType(DataType.FLOAT32, false);
        NDArray batch = boxes.get(":, 0").toType(DataType.INT64, false);
        NDArray[] ys = axis(boxes.get(":, 2"), boxes.get(":, 4"), spatialScale, output, s, h);
        NDArray[] xs = axis(boxes.get(":, 1"), boxes.get(":, 3"), spatialScale, output, s, w);
        // index (R, P, P, k, k) = b·H·W + y·W + x; weight = wy · wx / s² (already in the axis weights)
        NDArray rowBase = batch.mul(h * w).reshape(r, 1, 1, 1, 1).add(ys[0].mul(w).reshape(r, output, 1, k, 1));
        NDArray index = rowBase.add(xs[0].reshape(r, 1, output, 1, k)).reshape(-1);
        NDArray weight = ys[1].reshape(r, output, 1, k, 1).mul(xs[1].reshape(r, 1, output, 1, k))
                .reshape(r * output * output, 1, (long) k * k).toType(feature.getDataType(), false);
        NDArray flat = feature.transpose(0, 2, 3, 1).reshape(b * h * w, c);
        NDArray gathered = flat.get(index).reshape(r * output * output, (long) k * k, c);
        NDArray pooled = weight.matMul(gathered); // (R·P·P, 1, C)
        return pooled.reshape(r, output, output, c).transpose(0, 3, 1, 2);
    }

    /**
     * The candidate indices {@code (R, P, 2s)} (int64) and weights {@code (R, P, 2s)} of one axis.
     */
    private static NDArray[] axis(NDArray lo, NDArray hi, float scale, int output, int s, long size) {
        NDManager m = lo.getManager();
        long r = lo.getShape().get(0);
        NDArray start = GraphScalars.mul(lo, scale).sub(0.5f);
        NDArray bin = GraphScalars.div(GraphScalars.mul(hi.sub(lo), scale), output);
        // sample j = p·s + i of the RoI sits at start + bin·(j + 0.5)/s
        float[] t = new float[output * s];
        for (int j = 0; j < t.length; j++) {
            t[j] = (j + 0.5f) / s;
        }
        NDArray pos = start.reshape(r, 1).add(bin.reshape(r, 1).mul(m.create(t).reshape(1, -1)));
        NDArray valid = pos.gte(-1f).logicalAnd(pos.lte((float) size)).toType(DataType.FLOAT32, false);
        NDArray clamped = pos.clip(0, size - 1);
        NDArray low = clamped.floor();
        NDArray high = low.add(1f).minimum(size - 1);
        NDArray frac = clamped.sub(low);
        NDArray wLow = GraphScalars.div(frac.neg().add(1f).mul(valid), s);
        NDArray wHigh = GraphScalars.div(frac.mul(valid), s);
        // (R, P·s) → (R, P, s, 2) → (R, P, 2s): the low and high cells of each sample of a bin
        NDArray idx = low.stack(high, 2).reshape(r, output, 2L * s).toType(DataType.INT64, false);
        NDArray wts = wLow.stack(wHigh, 2).reshape(r, output, 2L * s);
        return new NDArray[] {idx, wts};
    }
}
