package org.nas4det.core;

import java.util.Objects;
import org.nas4det.core.cost.Cost;

/**
 * One quantity a search optimises: a metric of the {@link Evaluation} or a quantity of its
 * {@link Cost}, to maximise or minimise.
 *
 * <pre>{@code List<Objective> o = List.of(Objective.maximize("mAP"), Objective.minimizeCost("params"));}</pre>
 */
public final class Objective {

    private final String name;
    private final boolean maximize;
    private final boolean fromCost;

    private Objective(String name, boolean maximize, boolean fromCost) {
        this.name = Objects.requireNonNull(name);
        this.maximize = maximize;
        this.fromCost = fromCost;
    }

    /**
     * A metric to maximise.
     *
     * @param metric the metric name
     * @return the objective
     */
    public static Objective maximize(String metric) {
        return new Objective(metric, true, false);
    }

    /**
     * A metric to minimise.
     *
     * @param metric the metric name
     * @return the objective
     */
    public static Objective minimize(String metric) {
        return new Objective(metric, false, false);
    }

    /**
     * A cost quantity to minimise.
     *
     * @param quantity a {@link Cost#get(String)} name, e.g. {@code params}
     * @return the objective
     */
    public static Objective minimizeCost(String quantity) {
        Cost.builder().build().get(quantity);
        return new Objective(quantity, false, true);
    }

    /** @return the metric or cost quantity name */
    public String name() {
        return name;
    }

    /** @return whether larger is better */
    public boolean isMaximize() {
        return maximize;
    }

    /** @return whether the value comes from the cost rather than the metrics */
    public boolean isCost() {
        return fromCost;
    }

    /**
     * Reads the value of this objective.
     *
     * @param e the evaluation
     * @return the raw value
     */
    public double value(Evaluation e) {
        if (fromCost) {
            if (e.cost() == null) {
                throw new IllegalStateException("objective " + this + " needs a cost");
            }
            return e.cost().get(name);
        }
        return e.metric(name);
    }

    /**
     * Reads the value oriented so that larger is always better.
     *
     * @param e the evaluation
     * @return the value, negated for a minimised objective
     */
    public double utility(Evaluation e) {
        double v = value(e);
        // + 0.0 makes -0.0 into 0.0: orderings (Double.compare) and front tests (==) then agree
        // that 0.0 and -0.0 tie, and ties go to the candidate evaluated first.
        return (maximize ? v : -v) + 0.0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Objective)) {
            return false;
        }
        Objective x = (Objective) o;
        return name.equals(x.name) && maximize == x.maximize && fromCost == x.fromCost;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, maximize, fromCost);
    }

    @Override
    public String toString() {
        return (maximize ? "max " : "min ") + (fromCost ? "cost." : "") + name;
    }
}
