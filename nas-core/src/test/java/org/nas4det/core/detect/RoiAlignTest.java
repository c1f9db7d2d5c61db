package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoiAlignTest {

    /** torchvision's roi_align_forward_kernel_impl (aligned=True), transcribed loop by loop. */
    static double[] reference(double[] f, int b, int c, int h, int w, double[] rois, double scale, int p, int s) {
        int r = rois.length / 5;
        double[] out = new double[r * c * p * p];
        for (int n = 0; n < r; n++) {
            int bi = (int) rois[5 * n];
            double sw = rois[5 * n + 1] * scale - 0.5;
            double sh = rois[5 * n + 2] * scale - 0.5;
            double ew = rois[5 * n + 3] * scale - 0.5;
            double eh = rois[5 * n + 4] * scale - 0.5;
            double binH = (eh - sh) / p;
            double binW = (ew - sw) / p;
            for (int ch = 0; ch < c; ch++) {
                for (int ph = 0; ph < p; ph++) {
                    for (int pw = 0; pw < p; pw++) {
                        double sum = 0;
                        for (int iy = 0; iy < s; iy++) {
                            double y = sh + ph * binH + (iy + 0.5) * binH / s;
                            for (int ix = 0; ix < s; ix++) {
                                double x = sw + pw * binW + (ix + 0.5) * binW / s;
                                sum += bilinear(f, ((bi * c) + ch) * h * w, h, w, y, x);
                            }
                        }
                        out[((n * c + ch) * p + ph) * p + pw] = sum / (s * s);
                    }
                }
            }
        }
        return out;
    }

    static double bilinear(double[] f, int off, int h, int w, double y, double x) {
        if (y < -1.0 || y > h || x < -1.0 || x > w) {
            return 0;
        }
        if (y <= 0) {
            y = 0;
        }
        if (x <= 0) {
            x = 0;
        }
        int yl = (int) y;
        int xl = (int) x;
        int yh;
        int xh;
        if (yl >= h - 1) {
            yh = yl = h - 1;
            y = yl;
        } else {
            yh = yl + 1;
        }
        if (xl >= w - 1) {
            xh = xl = w - 1;
            x = xl;
        } else {
            xh = xl + 1;
        }
        double ly = y - yl;
        double lx = x - xl;
        double hy = 1 - ly;
        double hx = 1 - lx;
        return hy * hx * f[off + yl * w + xl] + hy * lx * f[off + yl * w + xh]
                + ly * hx * f[off + yh * w + xl] + ly * lx * f[off + yh * w + xh];
    }

    static double[] randomRois(Random rnd, int n, int batch, double imageSize) {
        double[] rois = new double[5 * n];
        for (int i = 0; i < n; i++) {
            double x1 = rnd.nextDouble() * imageSize * 1.2 - 0.1 * imageSize;
            double y1 = rnd.nextDouble() * imageSize * 1.2 - 0.1 * imageSize;
            rois[5 * i] = rnd.nextInt(batch);
            rois[5 * i + 1] = x1;
            rois[5 * i + 2] = y1;
            rois[5 * i + 3] = x1 + rnd.nextDouble() * imageSize * 0.6;
            rois[5 * i + 4] = y1 + rnd.nextDouble() * imageSize * 0.6;
        }
        return rois;
    }

    @Test
    void forwardEqualsTheBruteForceBilinearReference() {
        Random rnd = new Random(7);
        int b = 2;
        int c = 3;
        int h = 11;
        int w = 13;
        double[] f = new double[b * c * h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextGaussian();
        }
        double[] rois = randomRois(rnd, 40, b, 8 * 12);
        // a RoI exactly on the map's border and a degenerate one
        rois[0] = 1; rois[1] = 0; rois[2] = 0; rois[3] = 8 * 13; rois[4] = 8 * 11;
        rois[5] = 0; rois[6] = 20; rois[7] = 20; rois[8] = 20; rois[9] = 20;
        // without gradient the RoIs are pooled in blocks: one RoI (into a given array), 3 (the last block partial), all
        long perRoi = 4L * c * 7 * 7;
        for (long blockBytes : new long[] {1, 3 * perRoi, RoiAlign.BLOCK_BYTES}) {
            for (int s : new int[] {1, 2}) {
                double[] expected = reference(f, b, c, h, w, rois, 1.0 / 8, 7, s);
                try (NDManager m = NDManager.newBaseManager()) {
                    float[] ff = new float[f.length];
                    for (int i = 0; i < f.length; i++) {
                        ff[i] = (float) f[i];
                    }
                    float[] rf = new float[rois.length];
                    for (int i = 0; i < rois.length; i++) {
                        rf[i] = (float) rois[i];
                    }
                    // where a target is given, every row of it that the RoIs use is overwritten
                    NDArray into = blockBytes == 1 ? m.full(new Shape(40 * 49 + 5, c), Float.NaN) : null;
                    NDArray out = RoiAlign.apply(m.create(ff, new Shape(b, c, h, w)), m.create(rf, new Shape(40, 5)),
                            1f / 8, 7, s, blockBytes, into);
                    assertThat(out.getShape()).isEqualTo(new Shape(40, c, 7, 7));
                    float[] got = out.toFloatArray();
                    double maxErr = 0;
                    for (int i = 0; i < got.length; i++) {
                        maxErr = Math.max(maxErr, Math.abs(got[i] - expected[i]));
                    }
                    assertThat(maxErr).as("max abs error, sampling %d, blocks of %d bytes", s, blockBytes)
                            .isLessThanOrEqualTo(1e-5);
                }
            }
        }
    }

    @Test
    void gradientEqualsFiniteDifferences() {
        Random rnd = new Random(3);
        int b = 2;
        int c = 2;
        int h = 6;
        int w = 7;
        double[] f = new double[b * c * h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextGaussian();
        }
        double[] rois = randomRois(rnd, 6, b, 4 * 7);
        int p = 3;
        double[] g = new double[rois.length / 5 * c * p * p];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(f, new Shape(b, c, h, w));
            x.setRequiresGradient(true);
            NDArray weights = m.create(g, new Shape(rois.length / 5, c, p, p));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = RoiAlign.apply(x, m.create(rois, new Shape(rois.length / 5, 5)), 0.25f, p, 2);
                gc.backward(y.mul(weights).sum());
            }
            double[] grad = x.getGradient().toDoubleArray();
            double eps = 1e-3;
            double maxErr = 0;
            double maxGrad = 0;
            for (int i = 0; i < f.length; i++) {
                double[] plus = f.clone();
                double[] minus = f.clone();
                plus[i] += eps;
                minus[i] -= eps;
                double fd = (loss(plus, b, c, h, w, rois, p, g) - loss(minus, b, c, h, w, rois, p, g)) / (2 * eps);
                maxErr = Math.max(maxErr, Math.abs(fd - grad[i]));
                maxGrad = Math.max(maxGrad, Math.abs(grad[i]));
            }
            assertThat(maxGrad).isGreaterThan(0.1);
            assertThat(maxErr).isCloseTo(0, within(1e-6));
        }
    }

    private static double loss(double[] f, int b, int c, int h, int w, double[] rois, int p, double[] g) {
        double[] out = reference(f, b, c, h, w, rois, 0.25, p, 2);
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += out[i] * g[i];
        }
        return sum;
    }

    @Test
    void noRoisGiveAnEmptyResult() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = RoiAlign.apply(m.ones(new Shape(1, 4, 5, 5)), m.zeros(new Shape(0, 5)), 1f, 7, 2);
            assertThat(out.getShape()).isEqualTo(new Shape(0, 4, 7, 7));
        }
    }
}
