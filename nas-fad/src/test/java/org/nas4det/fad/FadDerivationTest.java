package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nas4det.fad.genotype.Genotype;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.Derivation;

/** Deriving a genotype from alphas (spec §3): none dropped, best op by raw alpha, top-2 edges strongest first. */
class FadDerivationTest {

    @Test
    void derivesTheReleaseWay() {
        OpSpace s = OpSpace.released();
        int k = s.size();
        float[] a = new float[9 * k];
        // Node 0 (edges 0, 1): edge 1 is stronger (op 4 at 0.9) than edge 0 (op 7 at 0.5); none is ignored.
        a[0 * k + 7] = 0.5f;
        a[0 * k + 10] = 5f;
        a[1 * k + 4] = 0.9f;
        // Node 1 (edges 2, 3, 4): sources 0, 1, 2 with best alphas 0.1 (op 0), 0.8 (op 6), 0.7 (op 9).
        a[2 * k] = 0.1f;
        a[3 * k + 6] = 0.8f;
        a[4 * k + 9] = 0.7f;
        // Node 2 (edges 5..8): all zero except source 3 (op 2 at 0.2); ties (0) keep the earlier source.
        a[8 * k + 2] = 0.2f;
        Genotype g = Derivation.derive(a, 3, s, 2);
        assertThat(g.nodes().get(0)).containsExactly(new Genotype.Edge("std_conv_3x3_x3", 1), new Genotype.Edge("sinSep_conv_3x3_x2", 0));
        assertThat(g.nodes().get(1)).containsExactly(new Genotype.Edge("sinSep_conv_3x3+dil_conv_3x3", 1),
                new Genotype.Edge("sinSep_conv_3x3_x3", 2));
        assertThat(g.nodes().get(2)).containsExactly(new Genotype.Edge("std_conv_3x3_x2", 3), new Genotype.Edge("std_conv_3x3", 0));
        assertThat(g.toString()).endsWith("normal_concat=range(2, 5))");
    }
}
