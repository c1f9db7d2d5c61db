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
     * Returns the non-dominated candidates, best first under the primary objective. A candidate
     * is kept when no other dominates it (equal candidates are all kept). Sorts once and compares
     * each candidate with the front found so far: O(n log n + n·|front|), not O(n²).
     *
     * @param candidates the candidates
     * @param objectives the objectives, primary first
     * @param <A> the architecture type
     * @return the Pareto front
     */
    public static <A extends Architecture> List<Candidate<A>> paretoFront(
            List<Candidate<A>> candidates, List<Objective> objectives) {
        if (candidates instanceof SearchHistory) {
            return ((SearchHistory<A>) candidates).paretoFront(objectives);
        }
        List<List<Candidate<A>>> fronts = fronts(candidates, objectives, 1);
        return fronts.isEmpty() ? new ArrayList<>() : fronts.get(0);
    }

    /**
     * Returns the k best candidates: by the primary objective for one objective; by
     * non-dominated rank, then the primary objective, for several. O(n log n) in the number of
     * candidates (O(k) on a {@link SearchHistory} with one objective, which keeps them sorted).
     *
     * @param candidates the candidates
     * @param objectives the objectives, primary first
     * @param k how many
     * @param <A> the architecture type
     * @return at most k candidates, best first
     */
    public static <A extends Architecture> List<Candidate<A>> topK(
            List<Candidate<A>> candidates, List<Objective> objectives, int k) {
        if (candidates instanceof SearchHistory) {
            return ((SearchHistory<A>) candidates).topK(objectives, k);
        }
        return topKDirect(candidates, objectives, k);
    }

    static <A extends Architecture> List<Candidate<A>> topKDirect(
            List<Candidate<A>> candidates, List<Objective> objectives, int k) {
        if (objectives.size() == 1) {
            List<Candidate<A>> sorted = new ArrayList<>(candidates);
            sorted.sort(byObjective(objectives.get(0)));
            return new ArrayList<>(sorted.subList(0, Math.min(k, sorted.size())));
        }
        List<Candidate<A>> out = new ArrayList<>();
        for (List<Candidate<A>> front : fronts(candidates, objectives, k)) {
            for (Candidate<A> c : front) {
                if (out.size() < k) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * Non-dominated sorting: the fronts in rank order, each sorted by the primary objective, until
     * the fronts returned hold at least {@code enough} candidates (or all of them).
     *
     * <p>Candidates are visited in lexicographic order of their utilities, best first: whoever
     * dominates a candidate comes before it, and a dominated candidate is dominated by a member of
     * the previous front (transitivity), so each candidate's rank is the first front that does not
     * dominate it. With one objective a front is a run of equal utilities; with two a front is
     * dominated exactly when its last member (the one with the largest second utility) is, and the
     * first such front is found by binary search: O(n log n) in all. With more, the members of the
     * fronts still needed are scanned.
     */
    static <A extends Architecture> List<List<Candidate<A>>> fronts(
            List<Candidate<A>> candidates, List<Objective> objectives, int enough) {
        int n = candidates.size();
        int m = objectives.size();
        double[][] u = new double[n][m];
        boolean nan = false;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                u[i][j] = objectives.get(j).utility(candidates.get(i).evaluation());
                nan |= Double.isNaN(u[i][j]);
            }
        }
        if (nan) {
            return bruteForceFronts(candidates, objectives, enough);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            for (int j = 0; j < m; j++) {
                int c = Double.compare(u[b][j], u[a][j]);
                if (c != 0 && u[a][j] != u[b][j]) {
                    return c;
                }
            }
            return Integer.compare(a, b);
        });
        List<List<Integer>> fronts = new ArrayList<>();
        if (m == 2) {
            List<double[]> last = new ArrayList<>(); // per front: {u0, u1} of its last member
            for (int i : order) {
                double u0 = u[i][0];
                double u1 = u[i][1];
                int lo = 0;
                int hi = fronts.size();
                while (lo < hi) { // first front that does not dominate i
                    int mid = (lo + hi) >>> 1;
                    double[] l = last.get(mid);
                    boolean dominated = l[1] > u1 || (l[1] == u1 && l[0] > u0);
                    if (dominated) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                if (lo == fronts.size()) {
                    fronts.add(new ArrayList<>());
                    last.add(new double[2]);
                }
                fronts.get(lo).add(i);
                last.get(lo)[0] = u0;
                last.get(lo)[1] = u1;
            }
        } else if (m == 1) {
            // One objective: a front is a run of equal utilities in sorted order.
            for (int i : order) {
                if (fronts.isEmpty() || u[i][0] != u[fronts.get(fronts.size() - 1).get(0)][0]) {
                    fronts.add(new ArrayList<>());
                }
                fronts.get(fronts.size() - 1).add(i);
            }
        } else {
            // Only the fronts returned are kept: a candidate ranked after them is dropped, and so
            // is every candidate it dominates (ranked later still), so each candidate is compared
            // with the members of at most the returned fronts.
            int cutoff = Integer.MAX_VALUE;
            for (int i : order) {
                int f = 0;
                while (f < fronts.size() && f < cutoff && dominatedBy(fronts.get(f), i, u)) {
                    f++;
                }
                if (f >= cutoff) {
                    continue;
                }
                if (f == fronts.size()) {
                    fronts.add(new ArrayList<>());
                }
                fronts.get(f).add(i);
                int taken = 0;
                for (int c = 0; c < fronts.size(); c++) {
                    taken += fronts.get(c).size();
                    if (taken >= enough) {
                        cutoff = c + 1;
                        break;
                    }
                }
            }
        }
        Comparator<Candidate<A>> primary = byObjective(objectives.get(0));
        List<List<Candidate<A>>> out = new ArrayList<>();
        int taken = 0;
        for (List<Integer> f : fronts) {
            if (taken >= enough && !out.isEmpty()) {
                break;
            }
            List<Candidate<A>> front = new ArrayList<>(f.size());
            for (int i : f) {
                front.add(candidates.get(i));
            }
            front.sort(primary);
            out.add(front);
            taken += front.size();
        }
        return out;
    }

    private static boolean dominatedBy(List<Integer> front, int i, double[][] u) {
        for (int d : front) {
            if (dominates(u[d], u[i])) {
                return true;
            }
        }
        return false;
    }

    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int j = 0; j < a.length; j++) {
            if (a[j] < b[j]) {
                return false;
            }
            if (a[j] > b[j]) {
                better = true;
            }
        }
        return better;
    }

    /** The quadratic definition, kept for utilities that are NaN (no order to sort by). */
    private static <A extends Architecture> List<List<Candidate<A>>> bruteForceFronts(
            List<Candidate<A>> candidates, List<Objective> objectives, int enough) {
        List<Candidate<A>> rest = new ArrayList<>(candidates);
        List<List<Candidate<A>>> out = new ArrayList<>();
        int taken = 0;
        while (!rest.isEmpty() && (taken < enough || out.isEmpty())) {
            List<Candidate<A>> front = new ArrayList<>();
            for (Candidate<A> c : rest) {
                boolean dominated = false;
                for (Candidate<A> d : rest) {
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
            out.add(front);
            taken += front.size();
            java.util.Set<Candidate<A>> gone =
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            gone.addAll(front);
            rest.removeIf(gone::contains);
        }
        return out;
    }
}
