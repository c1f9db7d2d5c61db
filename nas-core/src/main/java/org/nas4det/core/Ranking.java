package org.nas4det.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders candidates under one or several objectives: best first, Pareto fronts, top-k parents.
 * Ties always go to the candidate evaluated first, so results are deterministic.
 *
 * <pre>{@code List<Candidate<A>> parents = Ranking.topK(all, objectives, 10);}</pre>
 */
public final class Ranking {

    private Ranking() {}

    /**
     * Orders by one objective, best first, ties by evaluation order.
     *
     * @param objective the objective
     * @param <A> the architecture type
     * @return the comparator
     */
    public static <A extends Architecture> Comparator<Candidate<A>> byObjective(
            Objective objective) {
        return Comparator.<Candidate<A>>comparingDouble(
                        c -> -objective.utility(c.evaluation()))
                .thenComparingInt(Candidate::index);
    }

    /**
     * Returns the best candidate under one objective.
     *
     * @param candidates non-empty list
     * @param objective the objective
     * @param <A> the architecture type
     * @return the best; ties go to the lowest index
     */
    public static <A extends Architecture> Candidate<A> best(
            List<Candidate<A>> candidates, Objective objective) {
        Comparator<Candidate<A>> cmp = byObjective(objective);
        Candidate<A> best = null;
        for (Candidate<A> c : candidates) {
            if (best == null || cmp.compare(c, best) < 0) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Whether {@code a} dominates {@code b}: no worse in every objective, better in one.
     *
     * @param a a candidate
     * @param b another
     * @param objectives the objectives
     * @return true when a dominates b
     */
    public static boolean dominates(
            Candidate<?> a, Candidate<?> b, List<Objective> objectives) {
        boolean better = false;
        for (Objective o : objectives) {
            double ua = o.utility(a.evaluation());
            double ub = o.utility(b.evaluation());
            if (ua < ub) {
                return false;
            }
            if (ua > ub) {
                better = true;
            }
        }
        return better;
    }

    /**
     * Returns the non-dominated candidates, best first under the primary objective.
     *
     * @param candidates the candidates
     * @param objectives the objectives, primary first
     * @param <A> the architecture type
     * @return the Pareto front
     */
    public static <A extends Architecture> List<Candidate<A>> paretoFront(
            List<Candidate<A>> candidates, List<Objective> objectives) {
        List<Candidate<A>> front = new ArrayList<>();
        for (Candidate<A> c : candidates) {
            boolean dominated = false;
            for (Candidate<A> d : candidates) {
                if (d != c && dominates(d, c, objectives)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(c);
            }
        }
        front.sort(byObjective(objectives.get(0)));
        return front;
    }

    /**
     * Returns the k best candidates: by the primary objective for one objective; by
     * non-dominated rank, then the primary objective, for several.
     *
     * @param candidates the candidates
     * @param objectives the objectives, primary first
     * @param k how many
     * @param <A> the architecture type
     * @return at most k candidates, best first
     */
    public static <A extends Architecture> List<Candidate<A>> topK(
            List<Candidate<A>> candidates, List<Objective> objectives, int k) {
        if (objectives.size() == 1) {
            List<Candidate<A>> sorted = new ArrayList<>(candidates);
            sorted.sort(byObjective(objectives.get(0)));
            return new ArrayList<>(sorted.subList(0, Math.min(k, sorted.size())));
        }
        List<Candidate<A>> rest = new ArrayList<>(candidates);
        List<Candidate<A>> out = new ArrayList<>();
        while (out.size() < k && !rest.isEmpty()) {
            List<Candidate<A>> front = paretoFront(rest, objectives);
            for (Candidate<A> c : front) {
                if (out.size() < k) {
                    out.add(c);
                }
            }
            rest.removeAll(front);
        }
        return out;
    }
}
