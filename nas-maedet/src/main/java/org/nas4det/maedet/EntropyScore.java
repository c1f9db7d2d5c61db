package org.nas4det.maedet;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Seeds;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.nn.ChannelsLast;
import org.nas4det.core.nn.OneDnnConv2d;

/**
 * MAE-DET's forward entropy score (TinyNAS v1, the paper's method): for each repeat, every
 * main-branch conv gets fresh N(0,1) weights, the input is N(0,1), and the network runs without
 * BN, ReLU or shortcuts; after each conv its output std σ_ℓ is recorded and the output divided by
 * it. Units sum ln σ, stages add ln C_i, the score is Σ α_i H_i averaged over repeats. Runs with
 * no gradient and frees every array of a candidate before returning. A repeat draws its input and
 * all its weights first (the memory of one model), under the engine lock, and convolves after
 * releasing it, so tasks that share a process score at the same time.
 *
 * <pre>{@code Evaluation e = EntropyScore.paper().evaluate(structure); e.metric("score");}</pre>
 */
public final class EntropyScore implements Evaluator<MaeDetStructure> {

    private final int batch;
    private final int resolution;
    private final int repeats;
    private final long seed;
    private final StageWeights weights;
    private final Device device;

    /**
     * Creates the score.
     *
     * @param batch images per forward
     * @param resolution square input side, a multiple of 32
     * @param repeats repeats averaged
     * @param seed seed of weights and inputs
     * @param weights stage weights
     * @param device where to compute
     */
    public EntropyScore(int batch, int resolution, int repeats, long seed, StageWeights weights, Device device) {
        if (resolution % 32 != 0) {
            throw new IllegalArgumentException("MAE-DET scores need an input side that is a multiple of 32, got " + resolution);
        }
        this.batch = batch;
        this.resolution = resolution;
        this.repeats = repeats;
        this.seed = seed;
        this.weights = weights;
        this.device = device;
    }

    /** @return the paper's setting: batch 32, 480x480, 4 repeats, seed 0 */
    public static EntropyScore paper() {
        return new EntropyScore(32, 480, 4, 0, StageWeights.maeDet(), Engine.getInstance().defaultDevice());
    }

    /** @return a CPU-sized setting: batch 8, 224x224, 1 repeat, seed 0 */
    public static EntropyScore fast() {
        return new EntropyScore(8, 224, 1, 0, StageWeights.maeDet(), Engine.getInstance().defaultDevice());
    }

    @Override
    public Evaluation evaluate(MaeDetStructure s) {
        List<Integer> ends = s.stageEnds();
        double[] sum = new double[ends.size()];
        double[] scores = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            double[] h = stageEntropies(s, ends, r);
            scores[r] = weights.combine(h);
            for (int i = 0; i < h.length; i++) {
                sum[i] += h[i] / repeats;
            }
        }
        double mean = 0;
        for (double v : scores) {
            mean += v / repeats;
        }
        double var = 0;
        for (double v : scores) {
            var += (v - mean) * (v - mean) / repeats;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("score", mean);
        m.put("std", Math.sqrt(var));
        for (int i = 0; i < sum.length; i++) {
            m.put("H" + (i + 1), sum[i]);
        }
        return Evaluation.of(m, null, 0);
    }

    private double[] stageEntropies(MaeDetStructure s, List<Integer> ends, int repeat) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            // One seed per (seed, repeat) draws both the input and the weights, as the reference
            // does. Only the draws hold the engine's lock (the caller's seed is given back
            // afterwards); the convolutions run after it, beside other tasks of the process.
            List<NDArray> drawn = Seeds.withEngineSeed(seed, repeat, () -> draw(m, s));
            return stageEntropies(s, ends, drawn);
        }
    }

    /** The input, then every main conv's weights in network order: the reference's draw order. */
    private List<NDArray> draw(NDManager m, MaeDetStructure s) {
        List<NDArray> drawn = new ArrayList<>();
        drawn.add(m.randomNormal(new Shape(batch, 3, resolution, resolution)));
        for (MaeDetBlock b : s.blocks()) {
            for (int[] conv : blockConvs(b)) {
                drawn.add(m.randomNormal(new Shape(conv[1], conv[0], conv[2], conv[2])));
            }
        }
        return drawn;
    }

    private double[] stageEntropies(MaeDetStructure s, List<Integer> ends, List<NDArray> drawn) {
        double[] h = new double[ends.size()];
        Iterator<NDArray> weights = drawn.iterator();
        // Channels-last from the input on (on CPU, where it was measured): every convolution then
        // runs (and returns) in that format, 10 % faster in all at MAE-DET-S's shapes; the weights
        // may stay as drawn. Only x is closed below, so the input stays open while a copy that
        // may share its memory (ChannelsLast.of) is in use; the candidate's manager closes it.
        NDArray input = weights.next();
        boolean channelsLast = ChannelsLast.pays(input);
        NDArray x = channelsLast ? ChannelsLast.of(input) : input;
        double cumulative = 0;
        // x is the last conv's output before its division by sigma: the division is folded
        // into the next conv's (small) weights instead, conv(x / s, w) = conv(x, w / s), which
        // saves a pass over every activation.
        double scale = 1;
        int stage = 0;
        for (int i = 0; i < s.size(); i++) {
            MaeDetBlock b = s.block(i);
            for (int[] conv : blockConvs(b)) {
                NDArray w = weights.next();
                if (scale != 1) {
                    w.divi((float) scale);
                }
                int pad = (conv[2] - 1) / 2;
                NDArray y = OneDnnConv2d.conv2d(x, w, null, new Shape(conv[3], conv[3]), new Shape(pad, pad), new Shape(1, 1), 1, channelsLast).head();
                x.close();
                w.close();
                // sigma (population std) from two passes, the mean and the sum of squares
                // (a dot product), with every temporary closed at once.
                double sigma;
                try (NDArray flat = channelsLast ? ChannelsLast.flattenStored(y) : y.flatten(); NDArray mu = flat.mean(); NDArray sq = flat.dot(flat)) {
                    double mean = mu.getFloat();
                    double n = flat.size();
                    sigma = Math.sqrt(Math.max(0, sq.getFloat() / n - mean * mean));
                }
                cumulative += Math.log(sigma);
                scale = sigma;
                x = y;
            }
            if (i == ends.get(stage)) {
                h[stage++] = cumulative + Math.log(b.out());
            }
        }
        return h;
    }

    /**
     * Every main-branch conv of a block's units in network order, the one order {@link #draw} and
     * the convolutions both walk: the first unit takes the block's input and stride.
     */
    private static List<int[]> blockConvs(MaeDetBlock b) {
        List<int[]> convs = new ArrayList<>();
        for (int j = 0; j < b.units(); j++) {
            convs.addAll(List.of(mainConvs(b, b.unitIn(j), b.unitStride(j))));
        }
        return convs;
    }

    /** The main-branch convs of one unit: {in, out, kernel, stride}. */
    static int[][] mainConvs(MaeDetBlock b, int cin, int stride) {
        switch (b.type()) {
            case CONV_KX_BN_RELU:
                return new int[][] {{cin, b.out(), b.kernel(), stride}};
            case SUPER_RES_K1KXK1:
                return new int[][] {
                    {cin, b.bottleneck(), 1, 1}, {b.bottleneck(), b.bottleneck(), b.kernel(), stride}, {b.bottleneck(), b.out(), 1, 1}
                };
            default:
                return new int[][] {{cin, b.bottleneck(), b.kernel(), 1}, {b.bottleneck(), b.out(), b.kernel(), stride}};
        }
    }

    @Override
    public Optional<EvaluatorRecipe<MaeDetStructure>> recipe() {
        return Optional.of(new ScoreRecipes.Entropy(batch, resolution, repeats, seed, weights));
    }

    @Override
    public String describe() {
        return "maedet-entropy(batch=" + batch + ", resolution=" + resolution + ", repeats=" + repeats + ", seed=" + seed
                + ", alpha=" + weights + ")";
    }
}
