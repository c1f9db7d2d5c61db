package org.nas4det.core;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;
import org.nas4det.core.cost.Cost;

/**
 * What an {@link Evaluator} says of one architecture: named metrics ({@code mAP}, {@code AP50},
 * {@code entropy}, {@code loss} …), its cost and the wall time the evaluation took.
 *
 * <pre>{@code Evaluation e = Evaluation.of(Map.of("mAP", 0.31), cost, seconds);}</pre>
 */
public final class Evaluation {

    private final ImmutableMap<String, Double> metrics;
    private final Cost cost;
    private final double seconds;

    private Evaluation(Map<String, Double> metrics, Cost cost, double seconds) {
        this.metrics = ImmutableMap.copyOf(metrics);
        this.cost = cost;
        this.seconds = seconds;
    }

    /**
     * Creates an evaluation.
     *
     * @param metrics named metric values (copied, order kept)
     * @param cost the cost, or null when the evaluator does not know it (the search fills it in)
     * @param seconds wall time of the evaluation
     * @return the evaluation
     */
    public static Evaluation of(Map<String, Double> metrics, Cost cost, double seconds) {
        return new Evaluation(metrics, cost, seconds);
    }

    /** @return the metrics by name */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /**
     * Returns one metric.
     *
     * @param name the metric name
     * @return its value
     * @throws IllegalArgumentException when the evaluation has no such metric
     */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "evaluation has no metric '" + name + "' (it has " + metrics.keySet() + ")");
        }
        return v;
    }

    /** @return the cost, possibly null */
    public Cost cost() {
        return cost;
    }

    /** @return wall time of the evaluation in seconds */
    public double seconds() {
        return seconds;
    }

    /**
     * Returns a copy with a cost.
     *
     * @param c the cost
     * @return the new evaluation
     */
    public Evaluation withCost(Cost c) {
        return new Evaluation(metrics, c, seconds);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Evaluation)) {
            return false;
        }
        Evaluation e = (Evaluation) o;
        return metrics.equals(e.metrics) && Objects.equals(cost, e.cost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metrics, cost);
    }

    @Override
    public String toString() {
        return "Evaluation" + metrics + (cost == null ? "" : " " + cost);
    }
}
