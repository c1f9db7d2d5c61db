package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

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
 * <p>The whole operation is one sparse × dense matrix product: the bilinear weights of all RoIs
 * form a sparse matrix ({@link RoiSampling}) that multiplies the channels-last map; its backward
 * is the transposed product. A gather of the {@code 4s²} feature vectors of every output cell
 * followed by a weighted sum does the same arithmetic but writes (and, backward, scatters) all
 * of them: on 1,024 RoIs of 256 channels that is 800 MB per step.
 *
 * <pre>{@code NDArray pooled = RoiAlign.apply(feature, rois, 0.25f, 7, 2); // (R, C, 7, 7)}</pre>
 */
public final class RoiAlign {

    /** Output bytes per block of RoIs pooled with autograd off (see {@code pool}). */
    static final long BLOCK_BYTES = 2L << 20;

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
        return apply(feature, rois, spatialScale, output, samplingRatio, BLOCK_BYTES, null);
    }

    /** {@link #apply(NDArray, NDArray, float, int, int)} with the block size and target of {@link #pool} given. */
    static NDArray apply(NDArray feature, NDArray rois, float spatialScale, int output, int samplingRatio,
            long blockBytes, NDArray into) {
        Shape fs = feature.getShape();
        int h = (int) fs.get(2);
        int w = (int) fs.get(3);
        double[] r = rois.toType(DataType.FLOAT64, false).toDoubleArray();
        int n = r.length / 5;
        RoiSampling sampling = new RoiSampling(output, samplingRatio, n);
        for (int i = 0; i < n; i++) {
            sampling.add(i, r[5 * i + 1], r[5 * i + 2], r[5 * i + 3], r[5 * i + 4], spatialScale, h, w,
                    (long) r[5 * i] * h * w);
        }
        return pool(sampling, channelsLast(feature), n, output, blockBytes, into);
    }

    /** {@code (B, C, H, W)} as {@code (B·H·W, C)}. */
    static NDArray channelsLast(NDArray feature) {
        return feature.transpose(0, 2, 3, 1).reshape(-1, feature.getShape().get(1));
    }

    /**
     * The product of a sampling matrix with channels-last cells.
     *
     * <p>With autograd off (the engine's grad mode: inference) it is taken in blocks of RoIs whose products stay small (2 MB by
     * default): the engine's sparse product allocates its output filled with zeros and then zeroes
     * it once more, and the fresh memory of one whole output (2,000 RoIs: 100 MB) costs a page
     * fault per 4 kB each time, while small blocks reuse freed memory; the blocks are then joined
     * once, into {@code into} where given (memory kept between calls: no page faults at all). Each
     * row sums the same terms in the same order either way.
     *
     * @param sampling the RoIs' sampling
     * @param cells {@code (cells, C)}, the matrix's columns
     * @param rois the number of RoIs
     * @param output the output side {@code P}
     * @param blockBytes the most output bytes per block with autograd off
     * @param into with autograd off, where the blocks go: at least {@code rois · P²} rows of {@code C}
     *     (the result is a view of it); null for a new array
     * @return {@code (R, C, P, P)}
     */
    static NDArray pool(RoiSampling sampling, NDArray cells, int rois, int output, long blockBytes, NDArray into) {
        long c = cells.getShape().get(1);
        if (rois == 0) {
            return cells.getManager().zeros(new Shape(0, c, output, output), cells.getDataType());
        }
        NDManager m = cells.getManager();
        long columns = cells.getShape().get(0);
        DataType type = cells.getDataType();
        int block = (int) Math.max(1, blockBytes / (c * type.getNumOfBytes() * output * output));
        long rowsPerRoi = (long) output * output;
        NDArray pooled;
        // with autograd recording (training) one product: its backward is one transposed product
        if (JniUtils.isGradMode() || (block >= rois && into == null)) {
            pooled = sampling.matrix(m, columns, type).matMul(cells);
        } else {
            NDList parts = new NDList();
            pooled = into == null ? null : into.get(new NDIndex("0:{}", rois * rowsPerRoi));
            try (NDManager scratch = m.newSubManager()) {
                for (int from = 0; from < rois; from += block) {
                    int to = Math.min(rois, from + block);
                    NDArray part = sampling.matrix(scratch, columns, type, from, to).matMul(cells);
                    if (pooled == null) {
                        parts.add(part);
                    } else {
                        pooled.set(new NDIndex("{}:{}", from * rowsPerRoi, to * rowsPerRoi), part);
                        part.close();
                    }
                }
                if (pooled == null) {
                    pooled = NDArrays.concat(parts, 0);
                }
                pooled.attach(m);
            }
        }
        return pooled.reshape(rois, output, output, c).transpose(0, 3, 1, 2);
    }
}
