package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nas4det.core.Candidate;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchResult;

/** The serial operators' statistics (design/spnas.md section 2.6, [legacy]), the parallel sampler's probabilities and parent. */
class SpNasSamplerTest {

    private static final SerialCode R50 = SerialCode.parse("111-2111-211111-211");

    @Test
    void serialSamplerMatchesSection26() {
        SerialMutation m = SerialMutation.paper();
        Random rng = new Random(0);
        int n = 20_000;
        int[] stages = new int[7];
        for (int i = 0; i < n; i++) {
            SerialCode c = m.mutate(R50, rng);
            assertThat(c).isNotEqualTo(R50);
            assertThat(c.blocks()).isBetween(16, 22);
            stages[c.stages()]++;
        }
        assertThat(stages[4] / (double) n).isCloseTo(0.314, within(0.015));
        assertThat(stages[5] / (double) n).isCloseTo(0.443, within(0.015));
        assertThat(stages[6] / (double) n).isCloseTo(0.243, within(0.015));
    }

    @Test
    void operatorsKeepTheirPromises() {
        Random rng = new Random(1);
        for (int i = 0; i < 500; i++) {
            String s = SerialMutation.swap(R50.toString(), rng);
            SerialCode c = SerialCode.parse(s);
            assertThat(c.digits()).isEqualTo(R50.digits());
            assertThat(c.stages()).isEqualTo(4);
            assertThat(c).isNotEqualTo(R50);
            String e = SerialMutation.expand(R50.toString(), rng);
            assertThat(e.length()).isEqualTo(R50.toString().length() + 1);
            assertThat(e.charAt(0)).isEqualTo('1');
            assertThat(e.charAt(e.length() - 1)).isEqualTo('1');
            assertThat(SerialCode.parse(e).blocks()).isEqualTo(17);
            for (int st = 1; st < 4; st++) {
                assertThat(SerialCode.parse(e).stage(st)).as("%s keeps every stage's strided 2-block first", e).startsWith("2");
            }
        }
        SerialMutation m = SerialMutation.paper();
        assertThat(m.mutate(R50, new Random(7))).isEqualTo(m.mutate(R50, new Random(7)));
        SerialCode six = SerialCode.parse("1-1-1-1-1-1");
        for (int i = 0; i < 200; i++) {
            assertThat(m.mutate(six, rng).stages()).isEqualTo(6);
        }
    }

    @Test
    void theParallelParentIsDrawnFromTheSerialFrontBySeed() {
        double[][] mapAndParams = {{10, 3}, {5, 9}, {20, 5}, {30, 9}}; // the second is dominated by the third
        List<Candidate<SpNasArch>> cs = new ArrayList<>();
        for (int i = 0; i < mapAndParams.length; i++) {
            SpNasArch a = SpNasArch.serial(BlockType.BASIC, SerialCode.parse("1-1-1-" + "1".repeat(i + 1)));
            cs.add(new Candidate<>(i, i, 0, a, Evaluation.of(Map.of("mAP", mapAndParams[i][0], "params", mapAndParams[i][1]), null, 0)));
        }
        SearchResult<SpNasArch> serial = new SearchResult<>(cs, List.of(Objective.maximize("mAP"), Objective.minimize("params")));
        Set<Integer> drawn = new TreeSet<>();
        for (long seed = 0; seed < 40; seed++) {
            Candidate<SpNasArch> c = SpNasPipeline.parallelParent(serial, seed);
            assertThat(SpNasPipeline.parallelParent(serial, seed)).isSameAs(c);
            drawn.add(c.index());
        }
        assertThat(drawn).containsExactly(0, 2, 3);
    }

    @Test
    void parallelProbabilitiesAreInverseToAddedMacs() {
        SpNasSpace space = new SpNasSpace(SpNasArch.parse("b_11-21-21-21_0-0-0-0"), 8, false, SerialMutation.paper());
        double[][] p = ParallelSearch.probabilities(space, space.seed(), new Shape(1, 3, 64, 64), 0.4);
        int cheapest = 0;
        for (int s = 0; s < p.length; s++) {
            double sum = 0;
            for (double x : p[s]) {
                sum += x;
            }
            assertThat(sum).isCloseTo(1, within(1e-9));
            assertThat(p[s][1] / p[s][2]).isCloseTo(2, within(1e-9));
            assertThat(p[s][1] / p[s][3]).isCloseTo(3, within(1e-9));
            assertThat(p[s][0]).isGreaterThanOrEqualTo(0.4 - 1e-9);
            cheapest = p[s][0] < p[cheapest][0] ? s : cheapest;
        }
        assertThat(p[cheapest][0]).isCloseTo(0.4, within(1e-9));
        int[] counts = new int[4];
        Random rng = new Random(2);
        for (int i = 0; i < 10_000; i++) {
            counts[ParallelSearch.draw(p, rng)[cheapest]]++;
        }
        assertThat(counts[0] / 10_000.0).isCloseTo(0.4, within(0.02));
    }
}
