package org.nas4det.core;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.TreeSet;

/**
 * Every candidate of a search in order of evaluation, append-only, with the rankings a strategy
 * asks for every generation kept up to date as candidates arrive, so that their cost does not
 * grow with the history: per objective the k best asked for (a tree of k: a new candidate
 * costs one comparison unless it enters) and the run of equal best utilities (the
 * one-objective front), per set of objectives an incremental Pareto front.
 * {@link Ranking#topK} and {@link Ranking#paretoFront} use them when given a history; several
 * objectives' top-k is a non-dominated sort, O(n log n), computed at most once per size.
 *
 * <pre>{@code SearchHistory<A> all = new SearchHistory<>(); all.add(c); Ranking.topK(all, objectives, 10);}</pre>
 *
 * @param <A> the architecture type
 */
public final class SearchHistory<A extends Architecture> extends AbstractList<Candidate<A>>
        implements RandomAccess {

    private static final Comparator<Entry<?>> ORDER = (a, b) -> order(a.key, a.candidate.index(), a.seq, b);

    private final List<Candidate<A>> items = new ArrayList<>();
    private final Map<Objective, Leaders<A>> leaders = new HashMap<>();
    private final Map<Objective, BestRun<A>> bestRuns = new HashMap<>();
    private final Map<List<Objective>, ParetoArchive<A>> fronts = new HashMap<>();
    private final Map<List<Object>, List<Candidate<A>>> ranked = new HashMap<>();
    private int rankedAtSize = -1;

    /** A candidate in a sorted index: the primary key is minus its utility, as {@link Ranking#byObjective}. */
    private static final class Entry<A extends Architecture> {
        final double key;
        final long seq;
        final Candidate<A> candidate;

        Entry(double key, long seq, Candidate<A> candidate) {
            this.key = key;
            this.seq = seq;
            this.candidate = candidate;
        }
    }

    @Override
    public Candidate<A> get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public boolean add(Candidate<A> c) {
        items.add(c);
        long seq = items.size() - 1;
        offer(bestRuns, seq, c);
        offer(leaders, seq, c);
        for (ParetoArchive<A> a : fronts.values()) {
            a.add(c);
        }
        modCount++;
        return true;
    }

    /**
     * Returns the k best candidates, as {@link Ranking#topK}.
     *
     * @param objectives the objectives, primary first
     * @param k how many
     * @return at most k candidates, best first
     */
    public List<Candidate<A>> topK(List<Objective> objectives, int k) {
        if (objectives.size() == 1) {
            Objective o = objectives.get(0);
            Leaders<A> best = leaders.get(o);
            if (best == null || best.capacity() < k) {
                best = filled(new Leaders<>(k), o);
                leaders.put(o, best);
            }
            return best.first(k);
        }
        if (rankedAtSize != items.size()) {
            ranked.clear();
            rankedAtSize = items.size();
        }
        List<Object> key = List.of(List.copyOf(objectives), k);
        return new ArrayList<>(
                ranked.computeIfAbsent(key, x -> Ranking.topKDirect(items, objectives, k)));
    }

    /**
     * Returns the Pareto front, as {@link Ranking#paretoFront}.
     *
     * @param objectives the objectives, primary first
     * @return the front, best first under the primary objective
     */
    public List<Candidate<A>> paretoFront(List<Objective> objectives) {
        if (objectives.size() == 1) {
            Objective o = objectives.get(0);
            BestRun<A> run = bestRuns.computeIfAbsent(o, x -> filled(new BestRun<>(), x));
            if (!run.sawNaN) {
                // One objective and no NaN (no one dominates a NaN): the front is the run of
                // equal best utilities, ties by index.
                return run.front();
            }
        }
        ParetoArchive<A> a = fronts.get(objectives);
        if (a == null) {
            a = new ParetoArchive<>(objectives);
            for (Candidate<A> c : items) {
                a.add(c);
            }
            fronts.put(List.copyOf(objectives), a);
        }
        return a.front();
    }

    /** An index kept per objective as candidates arrive, keyed as {@link Entry#key}. */
    private interface Index<A extends Architecture> {
        void offer(double key, long seq, Candidate<A> c);
    }

    private static <A extends Architecture> void offer(
            Map<Objective, ? extends Index<A>> indices, long seq, Candidate<A> c) {
        for (Map.Entry<Objective, ? extends Index<A>> e : indices.entrySet()) {
            e.getValue().offer(-e.getKey().utility(c.evaluation()), seq, c);
        }
    }

    /** An index made when first asked for, from every candidate so far. */
    private <I extends Index<A>> I filled(I index, Objective o) {
        for (int i = 0; i < items.size(); i++) {
            Candidate<A> c = items.get(i);
            index.offer(-o.utility(c.evaluation()), i, c);
        }
        return index;
    }

    /** {@link #ORDER} with the first entry given by its parts, so a candidate is compared before it is wrapped. */
    private static int order(double key, int index, long seq, Entry<?> e) {
        int c = Double.compare(key, e.key);
        if (c == 0) {
            c = Integer.compare(index, e.candidate.index());
        }
        return c != 0 ? c : Long.compare(seq, e.seq);
    }

    /**
     * The best {@code capacity} candidates under one objective, in {@link #ORDER}: what a strategy
     * asks for every generation (its parents). Late in a search most candidates do not enter, and
     * cost one comparison with the last; one that enters costs O(log capacity). Unlike a tree of
     * the whole history, this stays small and in cache.
     */
    private static final class Leaders<A extends Architecture> implements Index<A> {
        private final int capacity;
        @SuppressWarnings({"unchecked", "rawtypes"})
        private final TreeSet<Entry<A>> top = new TreeSet<>((Comparator) ORDER);
        private Entry<A> last;

        Leaders(int capacity) {
            this.capacity = Math.max(0, capacity);
        }

        int capacity() {
            return capacity;
        }

        @Override
        public void offer(double key, long seq, Candidate<A> c) {
            if (top.size() == capacity && (capacity == 0 || order(key, c.index(), seq, last) >= 0)) {
                return;
            }
            top.add(new Entry<>(key, seq, c));
            if (top.size() > capacity) {
                top.pollLast();
            }
            last = top.last();
        }

        List<Candidate<A>> first(int k) {
            List<Candidate<A>> out = new ArrayList<>(Math.min(k, top.size()));
            Iterator<Entry<A>> it = top.iterator();
            while (out.size() < k && it.hasNext()) {
                out.add(it.next().candidate);
            }
            return out;
        }
    }

    /**
     * The candidates of equal best utility under one objective (its front), and whether any
     * utility was NaN (then the front is the archive's: a NaN is dominated by no one).
     */
    private static final class BestRun<A extends Architecture> implements Index<A> {
        private final List<Entry<A>> run = new ArrayList<>();
        private boolean sawNaN;

        @Override
        public void offer(double key, long seq, Candidate<A> c) {
            if (Double.isNaN(key)) {
                sawNaN = true;
                return;
            }
            int vs = run.isEmpty() ? -1 : Double.compare(key, run.get(0).key);
            if (vs < 0) {
                run.clear();
            }
            if (vs <= 0) {
                run.add(new Entry<>(key, seq, c));
            }
        }

        List<Candidate<A>> front() {
            List<Entry<A>> sorted = new ArrayList<>(run);
            sorted.sort(ORDER);
            List<Candidate<A>> out = new ArrayList<>(sorted.size());
            for (Entry<A> e : sorted) {
                out.add(e.candidate);
            }
            return out;
        }
    }
}
