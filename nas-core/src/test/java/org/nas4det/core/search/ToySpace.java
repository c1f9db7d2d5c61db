package org.nas4det.core.search;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.nas4det.core.Architecture;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Operators;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.nn.ConvBnAct;

/**
 * A test space: a chain of conv-BN-ReLU layers whose widths are genes; cost comes from the real
 * cost model. The objective is a cheap deterministic function of the genes.
 */
public final class ToySpace implements SearchSpace<ToySpace.Arch>, Operators<ToySpace.Arch> {

    static final int[] WIDTHS = {4, 8, 16, 24, 32};
    private final int genes;

    ToySpace(int genes) {
        this.genes = genes;
    }

    public static final class Arch implements Architecture {
        final int[] g;

        public Arch(int[] g) {
            this.g = g.clone();
        }

        @Override
        public String encode() {
            return Arrays.toString(g).replace(" ", "");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Arch && Arrays.equals(g, ((Arch) o).g);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(g);
        }
    }

    @Override
    public String describe() {
        return "toy(" + genes + ")";
    }

    @Override
    public Arch sample(Random rng) {
        int[] g = new int[genes];
        for (int i = 0; i < genes; i++) {
            g[i] = rng.nextInt(WIDTHS.length);
        }
        return new Arch(g);
    }

    @Override
    public Arch mutate(Arch parent, Random rng, double p) {
        int[] g = parent.g.clone();
        for (int i = 0; i < genes; i++) {
            if (rng.nextDouble() < p) {
                g[i] = rng.nextInt(WIDTHS.length);
            }
        }
        return new Arch(g);
    }

    @Override
    public Arch crossover(Arch a, Arch b, Random rng, double p) {
        int[] g = a.g.clone();
        for (int i = 0; i < genes; i++) {
            if (rng.nextDouble() < p) {
                g[i] = b.g[i];
            }
        }
        return new Arch(g);
    }

    @Override
    public Arch decode(String encoding) {
        String body = encoding.substring(1, encoding.length() - 1);
        return new Arch(Arrays.stream(body.split(",")).mapToInt(Integer::parseInt).toArray());
    }

    @Override
    public Block build(Arch arch) {
        SequentialBlock b = new SequentialBlock();
        for (int gene : arch.g) {
            b.add(ConvBnAct.builder().setChannels(WIDTHS[gene]).setKernel(3).build());
        }
        return b;
    }

    static Shape input() {
        return new Shape(1, 3, 8, 8);
    }

    /** Rewards wide early layers and narrow late ones; deterministic, full precision. */
    static final class Objective implements Evaluator<Arch> {
        private final long sleepMillis;

        Objective(long sleepMillis) {
            this.sleepMillis = sleepMillis;
        }

        @Override
        public Evaluation evaluate(Arch arch) {
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            double s = 0;
            for (int i = 0; i < arch.g.length; i++) {
                s += Math.sin(1.7 * i + 0.3) * arch.g[i] + 0.01 * arch.g[i] * arch.g[i] / (i + 1);
            }
            return Evaluation.of(Map.of("score", s), null, 0);
        }

        @Override
        public String describe() {
            return "toy-objective";
        }
    }
}
