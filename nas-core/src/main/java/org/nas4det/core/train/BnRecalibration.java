package org.nas4det.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.nas4det.core.nn.BatchNorm2d;

/**
 * Re-estimates BatchNorm statistics of a network (a subnet of a supernet, typically): the
 * selected layers' running mean and variance are replaced by the exact statistics over N images,
 * as if all of them had formed one batch (pooled mean; pooled unbiased variance), not by an
 * exponential moving average. Forward passes run in training mode, so every layer normalises
 * with batch statistics as it does in training, but outside any gradient collector.
 *
 * <pre>{@code
 * try (BnRecalibration.Snapshot saved = BnRecalibration.snapshot(supernet)) {
 *     BnRecalibration.recalibrate(supernet, subnet::forward, batches, 500);
 *     evaluate(...);
 * } // the supernet's statistics are restored here
 * }</pre>
 */
public final class BnRecalibration {

    /** Runs one forward in training mode on a batch. */
    @FunctionalInterface
    public interface Forward {
        /**
         * Runs the forward.
         *
         * @param ps the parameter store
         * @param images the batch
         */
        void run(ParameterStore ps, NDArray images);
    }

    private BnRecalibration() {}

    /**
     * Lists the {@link BatchNorm2d} layers of a block tree, in tree order.
     *
     * @param root the root block
     * @return the layers
     */
    public static List<BatchNorm2d> layers(Block root) {
        List<BatchNorm2d> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Block b, List<BatchNorm2d> out) {
        if (b instanceof BatchNorm2d) {
            out.add((BatchNorm2d) b);
        }
        for (var c : b.getChildren()) {
            collect(c.getValue(), out);
        }
    }

    /**
     * Recalibrates every BatchNorm the forward passes through.
     *
     * @param root the block tree holding the layers
     * @param forward runs the (sub)network on a batch
     * @param batches batches of images (at least {@code images} images in all)
     * @param images how many images to use
     * @return the number of layers recalibrated
     */
    public static int recalibrate(Block root, Forward forward, Iterable<NDArray> batches, int images) {
        return recalibrate(root, forward, batches, images, bn -> true);
    }

    /**
     * Recalibrates the selected BatchNorm layers the forward passes through; others keep their
     * statistics.
     *
     * @param root the block tree holding the layers
     * @param forward runs the (sub)network on a batch
     * @param batches batches of images
     * @param images how many images to use (the last batch is cut to fit)
     * @param select which layers to recalibrate
     * @return the number of layers recalibrated
     */
    public static int recalibrate(Block root, Forward forward, Iterable<NDArray> batches, int images, Predicate<BatchNorm2d> select) {
        List<BatchNorm2d> all = layers(root);
        Map<BatchNorm2d, Sums> sums = new IdentityHashMap<>();
        Map<BatchNorm2d, Float> momenta = new IdentityHashMap<>();
        for (BatchNorm2d bn : all) {
            momenta.put(bn, bn.momentum());
        }
        Map<BatchNorm2d, NDArray[]> keep = new IdentityHashMap<>();
        int used = 0;
        try {
            for (NDArray batch : batches) {
                if (used >= images) {
                    break;
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = batch;
                    long n = x.getShape().get(0);
                    if (used + n > images) {
                        x = x.get("0:" + (images - used));
                        n = images - used;
                    }
                    for (BatchNorm2d bn : all) {
                        bn.clearLastInputShape();
                        if (select.test(bn)) {
                            // Momentum 1: after the forward, the running statistics are this batch's.
                            bn.setMomentum(1f);
                        } else {
                            // Unselected layers must not drift: remember and put back their statistics.
                            NDArray[] saved = keep.computeIfAbsent(bn, k -> new NDArray[2]);
                            saved[0] = bn.runningMean().getArray().duplicate();
                            saved[1] = bn.runningVar().getArray().duplicate();
                        }
                    }
                    forward.run(new ParameterStore(x.getManager(), false), x);
                    for (BatchNorm2d bn : all) {
                        Shape in = bn.lastInputShape();
                        if (in == null) {
                            continue;
                        }
                        if (select.test(bn)) {
                            long count = in.size() / in.get(1);
                            sums.computeIfAbsent(bn, k -> new Sums((int) in.get(1)))
                                    .add(bn.runningMean().getArray().toFloatArray(), bn.runningVar().getArray().toFloatArray(), count);
                        } else {
                            NDArray[] saved = keep.get(bn);
                            bn.runningMean().getArray().set(new ai.djl.ndarray.index.NDIndex("..."), saved[0]);
                            bn.runningVar().getArray().set(new ai.djl.ndarray.index.NDIndex("..."), saved[1]);
                        }
                    }
                    used += (int) n;
                }
            }
        } finally {
            for (BatchNorm2d bn : all) {
                bn.setMomentum(momenta.get(bn));
            }
        }
        for (Map.Entry<BatchNorm2d, Sums> e : sums.entrySet()) {
            e.getValue().writeTo(e.getKey());
        }
        return sums.size();
    }

    /**
     * Copies the running statistics of every BatchNorm of a tree, to restore them later.
     *
     * @param root the block tree
     * @return the snapshot; closing it restores the statistics
     */
    public static Snapshot snapshot(Block root) {
        return new Snapshot(layers(root));
    }

    /**
     * Copies the running statistics of some BatchNorm layers (e.g. one path of a supernet), to
     * restore them later.
     *
     * @param layers the layers
     * @return the snapshot; closing it restores the statistics
     */
    public static Snapshot snapshot(List<BatchNorm2d> layers) {
        return new Snapshot(List.copyOf(layers));
    }

    /** Saved running statistics; {@link #close()} writes them back. */
    public static final class Snapshot implements AutoCloseable {
        private final List<BatchNorm2d> layers;
        private final List<float[][]> saved = new ArrayList<>();

        Snapshot(List<BatchNorm2d> layers) {
            this.layers = layers;
            for (BatchNorm2d bn : layers) {
                saved.add(new float[][] {
                    bn.runningMean().getArray().toFloatArray(), bn.runningVar().getArray().toFloatArray()
                });
            }
        }

        /** Writes the saved statistics back. */
        public void restore() {
            for (int i = 0; i < layers.size(); i++) {
                write(layers.get(i), saved.get(i)[0], saved.get(i)[1]);
            }
        }

        @Override
        public void close() {
            restore();
        }
    }

    static void write(BatchNorm2d bn, float[] mean, float[] var) {
        NDArray m = bn.runningMean().getArray();
        NDArray v = bn.runningVar().getArray();
        NDManager mgr = m.getManager();
        try (NDArray nm = mgr.create(mean); NDArray nv = mgr.create(var)) {
            m.set(new ai.djl.ndarray.index.NDIndex("..."), nm);
            v.set(new ai.djl.ndarray.index.NDIndex("..."), nv);
        }
    }

    /** Running sums for the pooled statistics of one layer, in double precision. */
    private static final class Sums {
        final double[] weightedMean;
        final double[] sumSquares;
        long count;

        Sums(int channels) {
            weightedMean = new double[channels];
            sumSquares = new double[channels];
        }

        /** Adds a batch: mean and unbiased variance over {@code n} values per channel. */
        void add(float[] mean, float[] unbiasedVar, long n) {
            for (int c = 0; c < mean.length; c++) {
                weightedMean[c] += n * (double) mean[c];
                // Σx² of the batch = (n−1)·var + n·mean²
                sumSquares[c] += (n - 1) * (double) unbiasedVar[c] + n * (double) mean[c] * mean[c];
            }
            count += n;
        }

        void writeTo(BatchNorm2d bn) {
            float[] mean = new float[weightedMean.length];
            float[] var = new float[weightedMean.length];
            for (int c = 0; c < mean.length; c++) {
                double mu = weightedMean[c] / count;
                double ss = sumSquares[c] - count * mu * mu;
                mean[c] = (float) mu;
                var[c] = (float) (ss / Math.max(1, count - 1));
            }
            write(bn, mean, var);
        }
    }
}
