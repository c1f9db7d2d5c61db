package org.nas4det.fad.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nas4det.fad.genotype.Genotype;
import org.nas4det.fad.ops.OpSpace;

/**
 * The release's {@code parse} (spec §3): per node, drop {@code none}, take each incoming edge's
 * best op by raw alpha, keep the k edges whose best alpha is highest, strongest first (ties: the
 * earlier source first).
 *
 * <pre>{@code Genotype g = Derivation.derive(alphas, 3, OpSpace.released(), 2);}</pre>
 */
public final class Derivation {

    private Derivation() {}

    /**
     * Derives a genotype.
     *
     * @param alphas the raw alphas, row-major (edges, K)
     * @param nodes intermediate nodes
     * @param space the op space (none last)
     * @param k edges kept per node
     * @return the genotype
     */
    public static Genotype derive(float[] alphas, int nodes, OpSpace space, int k) {
        int cols = space.size();
        int none = cols - 1;
        List<List<Genotype.Edge>> out = new ArrayList<>();
        int row = 0;
        for (int i = 0; i < nodes; i++) {
            List<float[]> cand = new ArrayList<>();
            for (int j = 0; j < 2 + i; j++) {
                int best = -1;
                for (int c = 0; c < cols; c++) {
                    if (c != none && (best < 0 || alphas[(row + j) * cols + c] > alphas[(row + j) * cols + best])) {
                        best = c;
                    }
                }
                cand.add(new float[] {j, best, alphas[(row + j) * cols + best]});
            }
            row += 2 + i;
            cand.sort(Comparator.comparingDouble((float[] c) -> -c[2]).thenComparingDouble(c -> c[0]));
            List<Genotype.Edge> node = new ArrayList<>();
            for (int e = 0; e < Math.min(k, cand.size()); e++) {
                node.add(new Genotype.Edge(space.ops().get((int) cand.get(e)[1]).name(), (int) cand.get(e)[0]));
            }
            out.add(node);
        }
        return new Genotype(out);
    }
}
