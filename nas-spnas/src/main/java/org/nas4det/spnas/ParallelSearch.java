package org.nas4det.spnas;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nas4det.core.Candidate;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.search.CandidateFilter;
import org.nas4det.core.search.GenerationalSearch;
import org.nas4det.core.random.SeededRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SP-NAS's parallel search: around a serial net (drawn from the serial front), sample how many
 * extra copies K_i in {0..3} each stage gets. P(K_i = k) for k &gt;= 1 is inversely proportional
 * to the MACs the k copies add; the cheapest stage gives K = 0 the fixed share {@code zeroShare},
 * costlier stages give it more (their copies are scaled down by the cost ratio). A draw equal to
 * the parent, seen before or outside the run's constraints is redrawn. Every child inherits the
 * serial net's weights: copies start from their stage, feedback BNs at zero (function-preserving);
 * each child's parent is written to the step's {@link Lineage} before it is evaluated.
 */
final class ParallelSearch extends GenerationalSearch<SpNasArch> {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelSearch.class);
    private static final int DRAWS = 500;

    private final SpNasArch parent;
    private final Lineage lineage;
    private final Lineage.Parent weights;
    private final int samples;
    private final double zeroShare;

    ParallelSearch(SpNasArch parent, Lineage lineage, Lineage.Parent weights, int samples, double zeroShare) {
        this.parent = parent;
        this.lineage = lineage;
        this.weights = weights;
        this.samples = samples;
        this.zeroShare = zeroShare;
    }

    @Override
    public String describe() {
        return "spnas-parallel(parent=" + parent.encode() + ", samples=" + samples + ", zero_share=" + zeroShare + ")";
    }

    @Override
    protected int generations() {
        return samples;
    }

    @Override
    protected int generationSize() {
        return 1;
    }

    /**
     * The per-stage probabilities of 0..3 copies.
     *
     * @param space the space (builds the nets whose MACs are counted)
     * @param serial the serial net
     * @param input the input shape costs are counted at
     * @param zeroShare the share of K = 0 at the cheapest stage
     * @return {@code p[stage][k]}
     */
    static double[][] probabilities(SpNasSpace space, SpNasArch serial, Shape input, double zeroShare) {
        int stages = serial.serialCode().stages();
        long base = space.cost(serial.withParallel(new int[stages]), input).convMacs();
        double[] one = new double[stages];
        double cheapest = Double.MAX_VALUE;
        for (int s = 0; s < stages; s++) {
            int[] k = new int[stages];
            k[s] = 1;
            one[s] = Math.max(1, space.cost(serial.withParallel(k), input).convMacs() - base);
            cheapest = Math.min(cheapest, one[s]);
        }
        double harmonic = 0;
        for (int k = 1; k <= SpNasArch.MAX_COPIES; k++) {
            harmonic += 1.0 / k;
        }
        double[][] p = new double[stages][SpNasArch.MAX_COPIES + 1];
        for (int s = 0; s < stages; s++) {
            double rest = 0;
            for (int k = 1; k <= SpNasArch.MAX_COPIES; k++) {
                p[s][k] = (1 - zeroShare) * (cheapest / (k * one[s])) / harmonic;
                rest += p[s][k];
            }
            p[s][0] = 1 - rest;
        }
        return p;
    }

    static int[] draw(double[][] p, Random rng) {
        int[] k = new int[p.length];
        for (int s = 0; s < p.length; s++) {
            double u = rng.nextDouble();
            int c = 0;
            while (c < SpNasArch.MAX_COPIES && u >= p[s][c]) {
                u -= p[s][c];
                c++;
            }
            k[s] = c;
        }
        return k;
    }

    @Override
    protected List<SpNasArch> propose(int generation, List<Candidate<SpNasArch>> history, SearchProblem<SpNasArch> problem,
            SeededRandom rng, CandidateFilter<SpNasArch> filter) {
        double[][] p = probabilities((SpNasSpace) problem.space(), parent, problem.constraints().input(), zeroShare);
        int[] none = new int[p.length];
        for (int d = 0; d < DRAWS; d++) {
            int[] k = draw(p, rng);
            if (Arrays.equals(k, none)) {
                continue;
            }
            SpNasArch child = parent.withParallel(k);
            if (filter.admit(child)) {
                lineage.write(child, weights);
                return List.of(child);
            }
        }
        LOG.info("no new feasible parallel structure in {} draws: the parallel search stops", DRAWS);
        return new ArrayList<>();
    }
}
