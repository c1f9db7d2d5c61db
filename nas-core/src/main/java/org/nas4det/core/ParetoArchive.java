package org.nas4det.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The Pareto front of a growing set of candidates, kept up to date one candidate at a time: a
 * new candidate is compared with the current front only (dominated: dropped; otherwise it joins
 * and evicts the members it dominates), so a search's front costs O(|front|) per candidate
 * instead of a pass over the whole history. Holds the same candidates as
 * {@link Ranking#paretoFront} of everything added (equal candidates are all kept).
 *
 * <pre>{@code ParetoArchive<A> front = new ParetoArchive<>(objectives); front.add(c); front.front();}</pre>
 *
 * @param <A> the architecture type
 */
public final class ParetoArchive<A extends Architecture> {

    private final List<Objective> objectives;
    private final List<Candidate<A>> members = new ArrayList<>();
    private final List<double[]> utilities = new ArrayList<>();
    private final List<Candidate<A>> withNaN = new ArrayList<>();

    /**
     * Creates an empty archive.
     *
     * @param objectives the objectives, primary first
     */
    public ParetoArchive(List<Objective> objectives) {
        this.objectives = List.copyOf(objectives);
    }

    /**
     * Adds a candidate.
     *
     * @param c the candidate
     * @return whether it is on the front now
     */
    public boolean add(Candidate<A> c) {
        if (!withNaN.isEmpty()) {
            withNaN.add(c);
            return false;
        }
        double[] u = new double[objectives.size()];
        for (int j = 0; j < u.length; j++) {
            u[j] = objectives.get(j).utility(c.evaluation());
            if (Double.isNaN(u[j])) {
                // No order to keep: from here on the front is recomputed on request.
                withNaN.addAll(members);
                withNaN.add(c);
                members.clear();
                utilities.clear();
                return false;
            }
        }
        for (double[] m : utilities) {
            if (Ranking.dominates(m, u)) {
                return false;
            }
        }
        int w = 0;
        for (int i = 0; i < members.size(); i++) {
            if (!Ranking.dominates(u, utilities.get(i))) {
                members.set(w, members.get(i));
                utilities.set(w, utilities.get(i));
                w++;
            }
        }
        members.subList(w, members.size()).clear();
        utilities.subList(w, utilities.size()).clear();
        members.add(c);
        utilities.add(u);
        return true;
    }

    /** @return the front, best first under the primary objective (ties by evaluation order) */
    public List<Candidate<A>> front() {
        if (!withNaN.isEmpty()) {
            return Ranking.paretoFront(new ArrayList<>(withNaN), objectives);
        }
        List<Candidate<A>> out = new ArrayList<>(members);
        out.sort(Ranking.byObjective(objectives.get(0)));
        return out;
    }

    /** @return how many candidates the front holds */
    public int size() {
        return withNaN.isEmpty() ? members.size() : front().size();
    }
}
