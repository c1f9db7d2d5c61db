package org.nas4det.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.Cost;

/** Evaluations keep their metrics as names and values side by side: they must still behave as the map they were made from. */
class EvaluationTest {

    @Test
    void metricsKeepTheirOrderAndEqualTheMapTheyCameFrom() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("score", 2.5);
        m.put("H1", Double.NaN);
        m.put("mAP", -0.0);
        Evaluation e = Evaluation.of(m, null, 1.5);

        assertThat(e.metrics()).containsExactly(Map.entry("score", 2.5), Map.entry("H1", Double.NaN), Map.entry("mAP", -0.0));
        assertThat(e.metrics()).isEqualTo(m).isEqualTo(ImmutableMap.copyOf(m));
        assertThat(e.metrics().hashCode()).isEqualTo(m.hashCode());
        assertThat(e.metrics()).hasToString(m.toString());
        assertThat(e.metricCount()).isEqualTo(3);
        assertThat(e.metricName(1)).isEqualTo("H1");
        assertThat(e.metricValue(0)).isEqualTo(2.5);
        assertThat(e.metric(new String("mAP"))).isEqualTo(-0.0);
        assertThat(e.metrics().get("none")).isNull();
        assertThat(e.metrics().containsKey("H1")).isTrue();
        assertThatThrownBy(() -> e.metric("AP")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AP'").hasMessageContaining("[score, H1, mAP]");
        assertThatThrownBy(() -> e.metrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.seconds()).isEqualTo(1.5);
    }

    @Test
    void evaluationsWithOtherNamesAfterEachOtherKeepTheirOwn() {
        // The names array is shared with the previous evaluation when they agree: every change
        // of length, order or name must still give each evaluation its own names.
        List<Map<String, Double>> maps = List.of(
                ImmutableMap.of("score", 1.0, "H1", 2.0),
                ImmutableMap.of("score", 3.0, "H1", 4.0),
                ImmutableMap.of("H1", 5.0, "score", 6.0),
                ImmutableMap.of("score", 7.0, "H2", 8.0),
                ImmutableMap.of(),
                ImmutableMap.of("score", 9.0),
                ImmutableMap.of("score", 10.0, "H1", 11.0, "H2", 12.0),
                ImmutableMap.of());
        Evaluation[] made = new Evaluation[maps.size()];
        for (int i = 0; i < maps.size(); i++) {
            made[i] = Evaluation.of(maps.get(i), null, 0);
        }
        for (int i = 0; i < maps.size(); i++) {
            assertThat(made[i].metrics()).as("evaluation %d", i).containsExactlyEntriesOf(maps.get(i));
        }
    }

    @Test
    void copiesKeepMetricsAndChangeOnlyWhatTheySay() {
        Cost cost = Cost.builder().addConvLayer(10).build();
        Evaluation e = Evaluation.of(ImmutableMap.of("score", 1.0), null, 2.0);
        Evaluation withCost = e.withCost(cost);
        Evaluation withSeconds = withCost.withSeconds(3.0);
        Evaluation again = Evaluation.of(withSeconds.metrics(), withSeconds.cost(), 4.0);

        assertThat(withCost.cost()).isSameAs(cost);
        assertThat(withCost.seconds()).isEqualTo(2.0);
        assertThat(withSeconds.seconds()).isEqualTo(3.0);
        assertThat(withSeconds.cost()).isSameAs(cost);
        assertThat(again).isEqualTo(withSeconds).hasSameHashCodeAs(withSeconds);
        assertThat(again.seconds()).isEqualTo(4.0);
        assertThat(e).isNotEqualTo(withCost);
        assertThat(again.metrics()).containsExactlyEntriesOf(ImmutableMap.of("score", 1.0));
    }

    @Test
    void theEntriesAMapIteratesCountNotItsSize() {
        Evaluation.of(ImmutableMap.of("score", 1.0, "H1", 2.0, "H2", 3.0), null, 0);
        assertThat(Evaluation.of(lyingMap(ImmutableMap.of("score", 5.0), 3), null, 0).metrics())
                .containsExactlyEntriesOf(ImmutableMap.of("score", 5.0));
        assertThat(Evaluation.of(lyingMap(ImmutableMap.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0), 1), null, 0).metrics())
                .containsExactlyEntriesOf(ImmutableMap.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0));
        assertThat(Evaluation.of(lyingMap(ImmutableMap.of("score", 6.0, "H1", 7.0, "H2", 8.0), 0), null, 0).metrics())
                .containsExactlyEntriesOf(ImmutableMap.of("score", 6.0, "H1", 7.0, "H2", 8.0));
    }

    /** A map whose size() says {@code size} whatever its entries are. */
    private static Map<String, Double> lyingMap(Map<String, Double> entries, int size) {
        return new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, Double>> entrySet() {
                return entries.entrySet();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Test
    void nullNamesOrValuesAreRefused() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("score", null);
        assertThatThrownBy(() -> Evaluation.of(m, null, 0)).isInstanceOf(NullPointerException.class).hasMessageContaining("score");
    }
}
