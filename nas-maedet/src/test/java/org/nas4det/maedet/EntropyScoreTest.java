package org.nas4det.maedet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import org.assertj.core.data.Offset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Seeds;

/** The entropy score with its shortcuts (sigma folded into the next weights, two-pass std) equals the plain computation. */
class EntropyScoreTest {

    /** The paper's computation written out: divide each output by its std, std as mean((y - mean)^2). */
    static double[] reference(MaeDetStructure s, int batch, int resolution, long seed, int repeat) {
        List<Integer> ends = s.stageEnds();
        double[] h = new double[ends.size()];
        try (NDManager m = NDManager.newBaseManager()) {
            // The same seed stream as the score: one engine seed per (seed, repeat).
            Seeds.seedEngine(seed, repeat);
            NDArray x = m.randomNormal(new Shape(batch, 3, resolution, resolution));
            double cumulative = 0;
            int stage = 0;
            for (int i = 0; i < s.blocks().size(); i++) {
                MaeDetBlock b = s.blocks().get(i);
                for (int j = 0; j < b.units(); j++) {
                    for (int[] conv : EntropyScore.mainConvs(b, j == 0 ? b.in() : b.out(), j == 0 ? b.stride() : 1)) {
                        NDArray w = m.randomNormal(new Shape(conv[1], conv[0], conv[2], conv[2]));
                        int pad = (conv[2] - 1) / 2;
                        NDArray y = Conv2d.conv2d(x, w, null, new Shape(conv[3], conv[3]), new Shape(pad, pad), new Shape(1, 1), 1).head();
                        NDArray flat = y.flatten();
                        double sigma = Math.sqrt(flat.sub(flat.mean()).square().mean().getFloat());
                        cumulative += Math.log(sigma);
                        x = y.div((float) sigma);
                    }
                }
                if (i == ends.get(stage)) {
                    h[stage++] = cumulative + Math.log(b.out());
                }
            }
        }
        return h;
    }

    @Test
    void stageEntropiesEqualThePlainComputationUpToFloatError() {
        Random rng = new Random(3);
        MaeDetSpace space = MaeDetSpace.builder().optImageSize(64).build();
        List<MaeDetStructure> structures = List.of(MaeDetStructureTest.maeDetS(), space.sample(rng), space.sample(rng), space.sample(rng));
        for (MaeDetStructure s : structures) {
            Evaluation e = new EntropyScore(2, 64, 1, 5, StageWeights.maeDet(), Engine.getInstance().defaultDevice()).evaluate(s);
            double[] want = reference(s, 2, 64, 5, 0);
            for (int i = 0; i < want.length; i++) {
                // Each H sums ln(sigma) over up to ~100 convs; float error stays far below 1e-3.
                assertThat(e.metric("H" + (i + 1))).as("%s H%s", s.encode(), i + 1).isCloseTo(want[i], offset(1e-3 * Math.max(1, Math.abs(want[i]))));
            }
        }
    }

    /**
     * The score keeps the draw order, and so its values, of the code that drew the weights inside
     * the engine lock. Recorded at one intra-op thread with the convolutions channels-last and the
     * 1x1 ones through oneDNN, where it is bit for bit; other thread counts split the engine's
     * reductions differently (float32 last bits: up to about 1e-6 relative in std; at two threads
     * 0x1.a57ab801a89c2p10, 0x1.f90b29652dp-1), as did the default memory format (3.4e-6 in std,
     * 3.5e-11 in the score: 0x1.f90ada77454p-1, 0x1.a57ab7fca5ed6p10) and libtorch's own 1x1 kernel
     * (0x1.a57ab7fce505ap10, 0x1.f90b4acf764p-1), while a changed draw order moves them by far more,
     * so the bound is 1e-5 relative (it guards the draw order; it does not tell formats or kernels
     * apart, which ChannelsLastTest and OneDnnConv2dTest do).
     */
    @Test
    void scoresAreTheRecordedOnes() {
        MaeDetStructure s = MaeDetStructureTest.maeDetS();
        Evaluation e = new EntropyScore(2, 64, 2, 5, StageWeights.maeDet(), Engine.getInstance().defaultDevice()).evaluate(s);
        assertThat(e.metric("score")).isCloseTo(0x1.a57ab7fd06a62p10, relative(0x1.a57ab7fd06a62p10));
        assertThat(e.metric("std")).isCloseTo(0x1.f90b2fd5e6cp-1, relative(0x1.f90b2fd5e6cp-1));
        assertThat(e.metric("H1")).isCloseTo(0x1.4651dbf8a93p2, relative(0x1.4651dbf8a93p2));
    }

    private static Offset<Double> relative(double v) {
        return offset(1e-5 * Math.abs(v));
    }
}
