package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nas4det.fad.FadOpsTest.dil;
import static org.nas4det.fad.FadOpsTest.sep;
import static org.nas4det.fad.FadOpsTest.std;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.detect.ConvTowers;
import org.nas4det.core.detect.FcosHead;
import org.nas4det.core.detect.HeadTowers;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.genotype.Genotype;
import org.nas4det.fad.head.FadHead;
import org.nas4det.fad.ops.Layers;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.MixedEdge;
import org.nas4det.fad.search.SearchHead;

/** Head parameter counts against spec §5 and formulas of §1–2 computed here. */
class FadHeadCostTest {

    static final int F = 256;

    static Cost head(HeadTowers towers, int classes) {
        Shape[] levels = new Shape[5];
        for (int l = 0; l < 5; l++) {
            levels[l] = new Shape(1, F, 1, 1);
        }
        return CostModel.count(new FcosHead(towers, classes, 5), levels);
    }

    /** Predictors + 5 scales: 3×3 convs with bias on F channels. */
    static long predictors(long k) {
        return (9L * F * k + k) + (9L * F * 4 + 4) + (9L * F + 1) + 5;
    }

    static long body(String op, long c) {
        long base = op.startsWith("std") ? std(c) : sep(c);
        int depth = op.contains("_x3") ? 3 : op.contains("_x2") ? 2 : 1;
        return depth * base + (op.contains("+dil") ? dil(c) : 0);
    }

    /** Derived subnet: cells × Σ edges (biased 1×1 in/out + body), (cells − 1) projections, reduce. */
    static long subnet(Genotype g, long c, int cells) {
        long edges = 0;
        for (List<Genotype.Edge> node : g.nodes()) {
            for (Genotype.Edge e : node) {
                edges += (F * c + c) + (c * F + F) + body(e.op(), c);
            }
        }
        long concat = (long) g.nodeCount() * F;
        return cells * edges + (cells - 1) * (concat * F + F + 2L * F) + (concat * F + F);
    }

    @Test
    void fcosBaselineIs4920666() {
        Cost c = head(ConvTowers.fcos(F, 4), 80);
        assertThat(c.params()).isEqualTo(4_920_666L);
        assertThat(predictors(80)).isEqualTo(195_930L);
        // Per location: 8 tower convs 9·F·F, predictors 9·F·(80 + 4 + 1), for each of the 5 levels.
        assertThat(c.convMacs()).isEqualTo(5L * (8L * 9 * F * F + 9L * F * 85));
    }

    @Test
    void unitChecksAtC96() {
        // Spec section 5's per-edge unit of a derived op: 1x1 F -> C and C -> F, both with bias.
        assertThat(params(Layers.pointwise(F, 96, true), F) + params(Layers.pointwise(96, F, true), 96)).isEqualTo(49_504L);
        assertThat(params(Layers.pointwise(F, 128, true), F) + params(Layers.pointwise(128, F, true), 128)).isEqualTo(65_920L);
        // One search edge: 408,672 = STD family 289,056 + SEP family 70,464 + projections 49,152.
        long stdFamily = 3 * std(96) + 2 * dil(96) + 2 * 96L * 96;
        long sepFamily = 3 * sep(96) + 2 * dil(96) + 2 * 96L * 96;
        assertThat(stdFamily).isEqualTo(289_056L);
        assertThat(sepFamily).isEqualTo(70_464L);
        long edge = CostModel.count(new MixedEdge(OpSpace.released(), F, 96), new Shape(1, F, 4, 4), new Shape(11)).params();
        assertThat(edge).isEqualTo(408_672L).isEqualTo(stdFamily + sepFamily + 2L * F * 96);
        // The projection between cells: 1x1 3F -> F with bias, then GroupNorm(32, F).
        ai.djl.nn.SequentialBlock proj = new ai.djl.nn.SequentialBlock().add(Layers.pointwise(3 * F, F, true))
                .add(new org.nas4det.core.nn.GroupNorm(32, F));
        assertThat(params(proj, 3 * F)).isEqualTo(197_376L);
    }

    private static long params(ai.djl.nn.Block b, int in) {
        return CostModel.count(b, new Shape(1, in, 4, 4)).params();
    }

    @Test
    void derivedHeadsFollowTheFormulas() {
        for (int cells : new int[] {1, 2, 3}) {
            for (int c : new int[] {96, 128}) {
                FadGenotypes g = FadGenotypes.PAPER;
                long expected = subnet(g.box(), c, cells) + subnet(g.cls(), c, cells) + predictors(80);
                assertThat(head(new FadHead(g, OpSpace.released(), F, c, cells), 80).params()).as("C %s cells %s", c, cells)
                        .isEqualTo(expected);
            }
        }
        FadGenotypes g2 = new FadGenotypes(Genotype.parse(FadGenotypeTest.BOX2), Genotype.parse(FadGenotypeTest.CLS2));
        assertThat(head(new FadHead(g2, OpSpace.released(), F, 96, 2), 20).params())
                .isEqualTo(subnet(g2.box(), 96, 2) + subnet(g2.cls(), 96, 2) + predictors(20));
    }

    @Test
    void searchHeadFollowsTheFormulas() {
        SearchHead s = new SearchHead(OpSpace.released(), F, 96, 1, 3);
        long edge = 3 * std(96) + 2 * dil(96) + 2 * 96L * 96 + 3 * sep(96) + 2 * dil(96) + 2 * 96L * 96 + 2L * F * 96;
        long subnet = 9 * edge + (3L * F * F + F);
        assertThat(head(s, 80).params()).isEqualTo(2 * subnet + predictors(80));
        assertThat(s.alphaCount()).isEqualTo(198);
        SearchHead r3 = new SearchHead(OpSpace.withRate3(), F, 96, 1, 3);
        assertThat(r3.alphaCount()).isEqualTo(2 * 9 * 13);
        assertThat(head(r3, 80).params()).isEqualTo(2 * (subnet + 9L * 2 * dil(96)) + predictors(80));
    }
}
