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
 * grow with the history: per objective a sorted index (top-k in O(k + log n)), per set of
 * objectives an incremental Pareto front. {@link Ranking#topK} and {@link Ranking#paretoFront}
 * use them when given a history; several objectives' top-k is a non-dominated sort, O(n log n),
 * computed at most once per size.
 *
 * <pre>{@code SearchHistory<A> all = new SearchHistory<>(); all.add(c); Ranking.topK(all, objectives, 10);}</pre>
 *
 * @param <A> the architecture type
 */
public final class SearchHistory<A extends Architecture> extends AbstractList<Candidate<A>>
        implements RandomAccess {

    private static final Comparator<Entry<?>> ORDER =
            Comparator.<Entry<?>>comparingDouble(e -> e.key)
                    .thenComparingInt(e -> e.candidate.index())
                    .thenComparingLong(e -> e.seq);

    private final List<Candidate<A>> items = new ArrayList<>();
    private final Map<Objective, TreeSet<Entry<A>>> sorted = new HashMap<>();
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
        for (Map.Entry<Objective, TreeSet<Entry<A>>> e : sorted.entrySet()) {
            e.getValue().add(new Entry<>(-e.getKey().utility(c.evaluation()), seq, c));
        }
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
            TreeSet<Entry<A>> index = sorted(objectives.get(0));
            List<Candidate<A>> out = new ArrayList<>(Math.min(k, index.size()));
            Iterator<Entry<A>> it = index.iterator();
            while (out.size() < k && it.hasNext()) {
                out.add(it.next().candidate);
            }
            return out;
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
        TreeSet<Entry<A>> index = objectives.size() == 1 ? sorted(objectives.get(0)) : null;
        if (index != null && (index.isEmpty() || !Double.isNaN(index.last().key))) {
            // One objective and no NaN (sorted last; no one dominates a NaN): the front is the
            // run of equal best utilities, ties by index.
            List<Candidate<A>> out = new ArrayList<>();
            Iterator<Entry<A>> it = index.iterator();
            Entry<A> first = it.hasNext() ? it.next() : null;
            for (Entry<A> e = first; e != null; e = it.hasNext() ? it.next() : null) {
                if (Double.compare(e.key, first.key) != 0) {
                    break;
                }
                out.add(e.candidate);
            }
            return out;
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private TreeSet<Entry<A>> sorted(Objective o) {
        TreeSet<Entry<A>> index = sorted.get(o);
        if (index == null) {
            index = new TreeSet<>((Comparator) ORDER);
            for (int i = 0; i < items.size(); i++) {
                Candidate<A> c = items.get(i);
                index.add(new Entry<>(-o.utility(c.evaluation()), i, c));
            }
            sorted.put(o, index);
        }
        return index;
    }
}
