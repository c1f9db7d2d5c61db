package org.nas4det.core.search;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nas4det.core.Architecture;
import org.nas4det.core.Constraints;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.SearchSpace;

/**
 * Decides which proposed architectures a strategy may evaluate: valid, never seen before, within
 * the constraints. It remembers the smallest value seen for each broken limit, so a budget nothing
 * meets fails with a useful message.
 *
 * <p>"Seen" compares architectures by {@code equals}, which {@link Architecture}'s contract makes
 * agree with the canonical encoding: a late evolution draws several children for each one it
 * admits, and hashing a structure's fields costs a fraction of building and hashing its text.
 *
 * <pre>{@code if (filter.admit(child)) batch.add(child);}</pre>
 *
 * @param <A> the architecture type
 */
public final class CandidateFilter<A extends Architecture> {

    private final SearchSpace<A> space;
    private final Constraints constraints;
    private final SeenSet<A> seen = new SeenSet<>();
    private final Map<A, Cost> admittedCosts = new HashMap<>();
    private final Map<String, double[]> smallestBroken = new LinkedHashMap<>();
    private long admittedTotal;
    private long rejectedTotal;
    private long repeatedTotal;

    /**
     * Creates a filter.
     *
     * @param space the space, for validation and cost
     * @param constraints the constraints
     */
    public CandidateFilter(SearchSpace<A> space, Constraints constraints) {
        this.space = space;
        this.constraints = constraints;
    }

    /**
     * Marks an architecture as already evaluated (e.g. read back from a log).
     *
     * @param arch the architecture
     */
    public void markSeen(A arch) {
        seen.add(arch);
        admittedTotal++;
    }

    /**
     * Returns whether an architecture was admitted or marked before.
     *
     * @param arch the architecture
     * @return whether it (or one equal to it) was seen
     */
    public boolean isSeen(A arch) {
        return seen.contains(arch);
    }

    /**
     * Admits a candidate if it is new, valid and within the constraints; remembers it then.
     *
     * @param arch the candidate
     * @return whether it was admitted
     */
    public boolean admit(A arch) {
        if (seen.contains(arch)) {
            repeatedTotal++;
            return false;
        }
        space.validate(arch);
        Cost cost = space.cost(arch, constraints.input());
        List<Constraints.Violation> broken = constraints.check(arch, cost);
        if (!broken.isEmpty()) {
            rejectedTotal++;
            for (Constraints.Violation v : broken) {
                double[] s = smallestBroken.computeIfAbsent(v.name(), k -> new double[] {v.limit(), Double.POSITIVE_INFINITY});
                s[1] = Math.min(s[1], v.value());
            }
            return false;
        }
        seen.add(arch);
        admittedCosts.put(arch, cost);
        admittedTotal++;
        return true;
    }

    /**
     * Returns (and forgets) the cost computed when a candidate was admitted.
     *
     * @param arch an admitted candidate
     * @return its cost at the constraints' input shape
     */
    public Cost takeCost(A arch) {
        Cost c = admittedCosts.remove(arch);
        return c != null ? c : space.cost(arch, constraints.input());
    }

    /** @return whether any candidate was ever admitted or marked */
    public boolean anyAdmitted() {
        return admittedTotal > 0;
    }

    /**
     * @return why draws were turned away so far, for a search that stops because nothing new came:
     *     how many repeated a candidate already evaluated and how many broke the constraints
     */
    public String rejections() {
        return repeatedTotal + " draws repeated a candidate already evaluated, " + rejectedTotal + " broke the constraints";
    }

    /**
     * Builds the error for a budget nothing met.
     *
     * @param tries how many draws were made
     * @return the exception naming each limit and the smallest value seen
     */
    public NoFeasibleCandidateException noFeasible(int tries) {
        StringBuilder sb = new StringBuilder();
        // One short line: the space's description (with its whole initial structure) is in the log.
        sb.append("no candidate meets the constraints after ")
                .append(tries)
                .append(" draws (")
                .append(rejectedTotal)
                .append(" rejected)");
        for (Map.Entry<String, double[]> e : smallestBroken.entrySet()) {
            double[] s = e.getValue();
            sb.append("; ").append(e.getKey());
            if (Double.isNaN(s[0])) {
                sb.append(" rejected every candidate");
            } else {
                sb.append(" limit ")
                        .append(fmt(s[0]))
                        .append(", smallest seen ")
                        .append(fmt(s[1]));
            }
        }
        sb.append(" at input ").append(constraints.input()).append(": raise the budget");
        return new NoFeasibleCandidateException(sb.toString());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e18
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.6g", v);
    }
}
