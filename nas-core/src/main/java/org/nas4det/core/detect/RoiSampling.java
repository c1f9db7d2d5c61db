package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * The bilinear sampling of RoIAlign as a sparse matrix: one row per output cell of every RoI, one
 * column per cell of the channels-last feature maps, and per row the weights of the (at most
 * {@code (2s)²}) map cells its {@code s × s} samples interpolate, each already divided by
 * {@code s²}. The pooled features are then one sparse × dense product, whose backward (the
 * transposed product) autograd derives, instead of a gather that materialises every sample's
 * feature vector.
 *
 * <p>Interpolation is separable: per RoI and output row the sample rows give a few (row, weight)
 * pairs, and likewise per output column; a cell's entries are their products. Samples more than
 * one cell outside the map weigh nothing; coordinates are clamped into the map (torchvision's
 * {@code bilinear_interpolate}). Positions are computed in double precision.
 *
 * <pre>{@code RoiSampling s = new RoiSampling(7, 2, rois); s.add(0, 8, 8, 64, 96, 0.25, 80, 80, 0); NDArray m = s.matrix(nd, cols, DataType.FLOAT32);}</pre>
 */
final class RoiSampling {

    private final int output;
    private final int samplingRatio;
    private final int rois;
    private long[] rows;
    private long[] columns;
    private double[] weights;
    private int size;
    // per RoI, where its entries start (they are appended RoI by RoI)
    private final int[] roiStart;
    private int added;
    // per output row (column) of the RoI at hand: candidate cells and weights, merged
    private final int[][] yCells;
    private final double[][] yWeights;
    private final int[] yCount;
    private final int[][] xCells;
    private final double[][] xWeights;
    private final int[] xCount;

    /**
     * @param output the output side {@code P}
     * @param samplingRatio samples per bin side {@code s} (positive)
     * @param rois the number of RoIs (rows {@code rois · P²})
     */
    RoiSampling(int output, int samplingRatio, int rois) {
        if (samplingRatio < 1) {
            throw new IllegalArgumentException("sampling ratio must be positive, got " + samplingRatio);
        }
        this.output = output;
        this.samplingRatio = samplingRatio;
        this.rois = rois;
        roiStart = new int[rois + 1];
        int k = 2 * samplingRatio;
        // a row has at most (2s)² entries, and RoIs larger than a cell per bin have that many
        int capacity = Math.max(16, rois * output * output * Math.min(16, k * k));
        rows = new long[capacity];
        columns = new long[capacity];
        weights = new double[capacity];
        yCells = new int[output][k];
        yWeights = new double[output][k];
        yCount = new int[output];
        xCells = new int[output][k];
        xWeights = new double[output][k];
        xCount = new int[output];
    }

    /**
     * Adds the rows of one RoI.
     *
     * @param roi its index (its rows are {@code roi · P² ..})
     * @param x1 left, in image pixels
     * @param y1 top
     * @param x2 right
     * @param y2 bottom
     * @param scale map size / image size
     * @param height the map's height
     * @param width the map's width
     * @param firstColumn the column of the map's cell (0, 0) in this RoI's image
     */
    void add(int roi, double x1, double y1, double x2, double y2, double scale, int height, int width,
            long firstColumn) {
        if (roi != added) {
            throw new IllegalArgumentException("RoIs must be added in order: expected " + added + ", got " + roi);
        }
        roiStart[roi] = size;
        double left = x1 * scale - 0.5;
        double top = y1 * scale - 0.5;
        axis(top, (y2 * scale - 0.5 - top) / output, height, yCells, yWeights, yCount);
        axis(left, (x2 * scale - 0.5 - left) / output, width, xCells, xWeights, xCount);
        long row = (long) roi * output * output;
        int ySum = 0;
        int xSum = 0;
        for (int p = 0; p < output; p++) {
            ySum += yCount[p];
            xSum += xCount[p];
        }
        ensureCapacity(size + ySum * xSum);
        for (int p = 0; p < output; p++) {
            for (int q = 0; q < output; q++, row++) {
                for (int i = 0; i < yCount[p]; i++) {
                    long base = firstColumn + (long) yCells[p][i] * width;
                    double wy = yWeights[p][i];
                    for (int j = 0; j < xCount[q]; j++) {
                        rows[size] = row;
                        columns[size] = base + xCells[q][j];
                        weights[size++] = wy * xWeights[q][j];
                    }
                }
            }
        }
        roiStart[++added] = size;
    }

    /** Per output row (column): the map rows (columns) its samples touch and their weights / s. */
    private void axis(double start, double bin, int n, int[][] cells, double[][] wts, int[] count) {
        int s = samplingRatio;
        for (int p = 0; p < output; p++) {
            count[p] = 0;
            for (int i = 0; i < s; i++) {
                double y = start + p * bin + (i + 0.5) * bin / s;
                if (y < -1.0 || y > n) {
                    continue;
                }
                y = Math.max(y, 0);
                int low = (int) y;
                int high;
                if (low >= n - 1) {
                    low = n - 1;
                    high = n - 1;
                    y = low;
                } else {
                    high = low + 1;
                }
                double frac = y - low;
                merge(cells[p], wts[p], count, p, low, (1 - frac) / s);
                merge(cells[p], wts[p], count, p, high, frac / s);
            }
        }
    }

    private static void merge(int[] cells, double[] wts, int[] count, int p, int cell, double w) {
        if (w == 0) {
            return;
        }
        for (int i = 0; i < count[p]; i++) {
            if (cells[i] == cell) {
                wts[i] += w;
                return;
            }
        }
        cells[count[p]] = cell;
        wts[count[p]++] = w;
    }

    private void ensureCapacity(int needed) {
        if (needed > rows.length) {
            int grown = Math.max(needed, rows.length + rows.length / 2);
            rows = Arrays.copyOf(rows, grown);
            columns = Arrays.copyOf(columns, grown);
            weights = Arrays.copyOf(weights, grown);
        }
    }

    /**
     * The sampling matrix {@code (rois · P², columns)}, sparse (COO).
     *
     * @param manager where it lives
     * @param columnCount cells of all the maps it samples
     * @param type the features' data type (float32 or float64)
     * @return the matrix
     */
    NDArray matrix(NDManager manager, long columnCount, DataType type) {
        return matrix(manager, columnCount, type, 0, rois);
    }

    /**
     * The rows of RoIs {@code from .. to − 1} of the sampling matrix, {@code ((to − from) · P², columns)}.
     *
     * @param manager where it lives
     * @param columnCount cells of all the maps it samples
     * @param type the features' data type (float32 or float64)
     * @param from the first RoI
     * @param to past the last RoI
     * @return the matrix
     */
    NDArray matrix(NDManager manager, long columnCount, DataType type, int from, int to) {
        if (added != rois) {
            throw new IllegalStateException(added + " of " + rois + " RoIs added");
        }
        int first = roiStart[from];
        int n = roiStart[to] - first;
        long rowOffset = (long) from * output * output;
        Shape shape = new Shape((long) (to - from) * output * output, columnCount);
        // Written once, straight into direct buffers the engine reads in place (a long[][] and a
        // float[] went through three more copies on the way: about 10 ms for 2,000 RoIs).
        ByteBuffer indices = ByteBuffer.allocateDirect(16 * n).order(ByteOrder.nativeOrder());
        LongBuffer ib = indices.asLongBuffer();
        for (int i = 0; i < n; i++) {
            ib.put(i, rows[first + i] - rowOffset);
        }
        ib.position(n);
        ib.put(columns, first, n);
        DataType valueType = type == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        ByteBuffer values = ByteBuffer.allocateDirect(valueType.getNumOfBytes() * n).order(ByteOrder.nativeOrder());
        if (valueType == DataType.FLOAT64) {
            values.asDoubleBuffer().put(weights, first, n);
        } else {
            FloatBuffer f = values.asFloatBuffer();
            for (int i = 0; i < n; i++) {
                f.put(i, (float) weights[first + i]);
            }
        }
        // Arrays made from Java data borrow a direct buffer that the garbage collector frees once the
        // NDArray is closed, even while a tensor made from them lives on (NDManager.createCoo closes
        // its own at once): the matrix autograd keeps for the backward pass must own its memory.
        try (NDArray idx = manager.create(indices, new Shape(2, n), DataType.INT64);
                NDArray v = manager.create(values, new Shape(n), valueType).toType(type, false);
                NDArray borrowed = JniUtils.createSparseCoo((PtNDArray) idx, (PtNDArray) v, shape)) {
            return borrowed.duplicate();
        }
    }
}
