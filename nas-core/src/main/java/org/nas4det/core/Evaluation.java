package org.nas4det.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.nas4det.core.cost.Cost;

/**
 * What an {@link Evaluator} says of one architecture: named metrics ({@code mAP}, {@code AP50},
 * {@code entropy}, {@code loss} …), its cost and the wall time the evaluation took.
 *
 * <pre>{@code Evaluation e = Evaluation.of(Map.of("mAP", 0.31), cost, seconds);}</pre>
 */
public final class Evaluation {

    // The names and values side by side instead of a map of boxed doubles: a search keeps every
    // candidate's evaluation, and a paper-scale MAE-DET search keeps 92,592 of them (about 330
    // bytes less each; the names array is shared between evaluations with the same names).
    private final String[] names;
    private final double[] values;
    private final Cost cost;
    private final double seconds;

    private Evaluation(String[] names, double[] values, Cost cost, double seconds) {
        this.names = names;
        this.values = values;
        this.cost = cost;
        this.seconds = seconds;
    }

    /**
     * Creates an evaluation.
     *
     * @param metrics named metric values (copied, order kept; no null names or values)
     * @param cost the cost, or null when the evaluator does not know it (the search fills it in)
     * @param seconds wall time of the evaluation
     * @return the evaluation
     */
    public static Evaluation of(Map<String, Double> metrics, Cost cost, double seconds) {
        if (metrics instanceof MetricMap) {
            MetricMap m = (MetricMap) metrics;
            return new Evaluation(m.names, m.values, cost, seconds);
        }
        String[] shared = SharedNames.last;
        // What the iteration gives, not size(), decides how many metrics there are.
        double[] values = new double[metrics.size()];
        // Null while the names agree with the last evaluation's; then this one gets its own array.
        String[] names = null;
        int n = 0;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "metric name");
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n + 1);
                names = names == null ? null : Arrays.copyOf(names, values.length);
            }
            values[n] = Objects.requireNonNull(e.getValue(), () -> "metric " + name);
            if (names == null && (n >= shared.length || !shared[n].equals(name))) {
                names = Arrays.copyOf(shared, values.length);
            }
            if (names != null) {
                names[n] = name;
            }
            n++;
        }
        values = n == values.length ? values : Arrays.copyOf(values, n);
        if (names == null && n == shared.length) {
            return new Evaluation(shared, values, cost, seconds);
        }
        names = names != null && names.length == n ? names : Arrays.copyOf(names == null ? shared : names, n);
        SharedNames.last = names;
        return new Evaluation(names, values, cost, seconds);
    }

    /** @return the metrics by name, in their order (a read-only view) */
    public Map<String, Double> metrics() {
        return new MetricMap(names, values);
    }

    /** @return how many metrics there are */
    public int metricCount() {
        return names.length;
    }

    /**
     * Returns the name of a metric by position ({@link #metrics()}'s order).
     *
     * @param i the position
     * @return its name
     */
    public String metricName(int i) {
        return names[i];
    }

    /**
     * Returns the value of a metric by position, without boxing it.
     *
     * @param i the position
     * @return its value
     */
    public double metricValue(int i) {
        return values[i];
    }

    /**
     * Returns one metric.
     *
     * @param name the metric name
     * @return its value
     * @throws IllegalArgumentException when the evaluation has no such metric
     */
    public double metric(String name) {
        int i = indexOf(names, name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "evaluation has no metric '" + name + "' (it has " + Arrays.asList(names) + ")");
        }
        return values[i];
    }

    private static int indexOf(String[] names, Object name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
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
        return new Evaluation(names, values, c, seconds);
    }

    /**
     * Returns a copy with another wall time.
     *
     * @param s wall time of the evaluation in seconds
     * @return the new evaluation
     */
    public Evaluation withSeconds(double s) {
        return new Evaluation(names, values, cost, s);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Evaluation)) {
            return false;
        }
        Evaluation e = (Evaluation) o;
        return metrics().equals(e.metrics()) && Objects.equals(cost, e.cost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metrics(), cost);
    }

    @Override
    public String toString() {
        return "Evaluation" + metrics() + (cost == null ? "" : " " + cost);
    }

    /** The read-only map view of an evaluation's metrics; {@link #of} takes its arrays back without a copy. */
    private static final class MetricMap extends AbstractMap<String, Double> {
        private final String[] names;
        private final double[] values;

        MetricMap(String[] names, double[] values) {
            this.names = names;
            this.values = values;
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(names, key) >= 0;
        }

        @Override
        public Double get(Object key) {
            int i = indexOf(names, key);
            return i < 0 ? null : values[i];
        }

        @Override
        public Set<Map.Entry<String, Double>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return names.length;
                }

                @Override
                public Iterator<Map.Entry<String, Double>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.length;
                        }

                        @Override
                        public Map.Entry<String, Double> next() {
                            if (next >= names.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
                        }
                    };
                }
            };
        }
    }

    /**
     * The names of the last evaluation created from a map, which the next one shares when it
     * names the same metrics in the same order (a search's evaluations almost always do). Only
     * the last array is kept, so nothing grows.
     */
    private static final class SharedNames {
        private static volatile String[] last = new String[0];

        private SharedNames() {}
    }
}
