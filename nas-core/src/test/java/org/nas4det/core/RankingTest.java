package org.nas4det.core;

import org.nas4det.core.search.ToySpace;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast rankings (sorted sweep, incremental front, the search history's indexes) equal the
 * quadratic definitions on random data: ties, duplicates, signed zeros, one to three objectives.
 */
class RankingTest {

    private static final String[] METRICS = {"a", "b", "c"};

    /** The definition: every candidate no other dominates, sorted by the primary objective. */
    static List<Candidate<ToySpace.Arch>> bruteFront(List<Candidate<ToySpace.Arch>> all, List<Objective> objectives) {
        List<Candidate<ToySpace.Arch>> front = new ArrayList<>();
        for (Candidate<ToySpace.Arch> c : all) {
            boolean dominated = false;
            for (Candidate<ToySpace.Arch> d : all) {
                if (d != c && Ranking.dominates(d, c, objectives)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(c);
            }
        }
        front.sort(Ranking.byObjective(objectives.get(0)));
        return front;
    }

    /** The definition: fronts peeled one after the other (or a sort, for one objective). */
    static List<Candidate<ToySpace.Arch>> bruteTopK(List<Candidate<ToySpace.Arch>> all, List<Objective> objectives, int k) {
        if (objectives.size() == 1) {
            List<Candidate<ToySpace.Arch>> sorted = new ArrayList<>(all);
            sorted.sort(Ranking.byObjective(objectives.get(0)));
            return new ArrayList<>(sorted.subList(0, Math.min(k, sorted.size())));
        }
        List<Candidate<ToySpace.Arch>> rest = new ArrayList<>(all);
        List<Candidate<ToySpace.Arch>> out = new ArrayList<>();
        while (out.size() < k && !rest.isEmpty()) {
            List<Candidate<ToySpace.Arch>> front = bruteFront(rest, objectives);
            for (Candidate<ToySpace.Arch> c : front) {
                if (out.size() < k) {
                    out.add(c);
                }
            }
            rest.removeAll(front);
        }
        return out;
    }

    private static List<Candidate<ToySpace.Arch>> randomCandidates(Random rng, int n, int levels) {
        List<Candidate<ToySpace.Arch>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (String name : METRICS) {
                double v;
                if (levels > 0) {
                    v = rng.nextInt(levels) - levels / 2; // many ties
                    if (v == 0 && rng.nextBoolean()) {
                        v = -0.0;
                    }
                } else {
                    v = rng.nextGaussian();
                }
                m.put(name, v);
            }
            out.add(new Candidate<>(i, 0, i, new ToySpace.Arch(new int[] {i}), Evaluation.of(m, null, 0)));
        }
        return out;
    }

    private static List<Objective> randomObjectives(Random rng) {
        int m = 1 + rng.nextInt(3);
        List<Objective> o = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            o.add(rng.nextBoolean() ? Objective.maximize(METRICS[j]) : Objective.minimize(METRICS[j]));
        }
        return o;
    }

    @Test
    void zeroAndMinusZeroTieEverywhereAndTheFirstEvaluatedWins() {
        List<Objective> loss = List.of(Objective.minimize("a"));
        List<Candidate<ToySpace.Arch>> list = new ArrayList<>();
        SearchHistory<ToySpace.Arch> history = new SearchHistory<>();
        double[] v = {0.0, -0.0, 1.0};
        for (int i = 0; i < v.length; i++) {
            Candidate<ToySpace.Arch> c = new Candidate<>(i, 0, i, new ToySpace.Arch(new int[] {i}), Evaluation.of(Map.of("a", v[i]), null, 0));
            list.add(c);
            history.add(c);
        }
        assertThat(Ranking.best(list, loss.get(0)).index()).isZero();
        assertThat(Ranking.paretoFront(list, loss)).extracting(Candidate::index).containsExactly(0, 1);
        assertThat(Ranking.paretoFront(history, loss)).extracting(Candidate::index).containsExactly(0, 1);
        assertThat(Ranking.topK(list, loss, 1)).extracting(Candidate::index).containsExactly(0);
        assertThat(Ranking.topK(history, loss, 1)).extracting(Candidate::index).containsExactly(0);
    }

    @Test
    void paretoFrontAndTopKEqualTheBruteForceOnes() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 400; trial++) {
            int n = rng.nextInt(120);
            List<Candidate<ToySpace.Arch>> all = randomCandidates(rng, n, trial % 3 == 0 ? 0 : 2 + rng.nextInt(8));
            List<Objective> objectives = randomObjectives(rng);
            assertThat(Ranking.paretoFront(all, objectives)).as("trial %s", trial).isEqualTo(bruteFront(all, objectives));
            for (int k : new int[] {0, 1, 3, n / 2, n, n + 5}) {
                assertThat(Ranking.topK(all, objectives, k)).as("trial %s k %s", trial, k)
                        .isEqualTo(bruteTopK(all, objectives, k));
            }
        }
    }

    @Test
    void twoObjectiveFrontsOnManyTiesEqualTheBruteForceOnes() {
        Random rng = new Random(4);
        for (int trial = 0; trial < 300; trial++) {
            List<Candidate<ToySpace.Arch>> all = randomCandidates(rng, 1 + rng.nextInt(200), 2 + rng.nextInt(4));
            List<Objective> objectives = List.of(Objective.maximize("a"), Objective.minimize("b"));
            for (int k : new int[] {1, 10, 50, 400}) {
                assertThat(Ranking.topK(all, objectives, k)).isEqualTo(bruteTopK(all, objectives, k));
            }
        }
    }

    @Test
    void theHistoryAndTheArchiveStayEqualToTheBruteForceRankingsAsCandidatesArrive() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 40; trial++) {
            List<Candidate<ToySpace.Arch>> all = randomCandidates(rng, 300, trial % 2 == 0 ? 0 : 5);
            List<Objective> objectives = randomObjectives(rng);
            List<Objective> single = List.of(objectives.get(0));
            SearchHistory<ToySpace.Arch> history = new SearchHistory<>();
            ParetoArchive<ToySpace.Arch> archive = new ParetoArchive<>(objectives);
            for (int i = 0; i < all.size(); i++) {
                history.add(all.get(i));
                archive.add(all.get(i));
                if (i % 37 == 0 || i == all.size() - 1) {
                    List<Candidate<ToySpace.Arch>> seen = all.subList(0, i + 1);
                    assertThat(history).isEqualTo(seen);
                    assertThat(archive.front()).isEqualTo(bruteFront(seen, objectives));
                    assertThat(Ranking.paretoFront(history, objectives)).isEqualTo(bruteFront(seen, objectives));
                    assertThat(Ranking.paretoFront(history, single)).isEqualTo(bruteFront(seen, single));
                    for (int k : new int[] {1, 20, 64}) {
                        assertThat(Ranking.topK(history, objectives, k)).isEqualTo(bruteTopK(seen, objectives, k));
                        assertThat(Ranking.topK(history, single, k)).isEqualTo(bruteTopK(seen, single, k));
                    }
                }
            }
        }
    }

    /**
     * A history's one-objective top-k (the k best kept as candidates arrive, for the largest k
     * asked) and front (the run of equal best utilities) against the sort of the plain list, on
     * ties, NaNs and a k that goes up and down as the history grows.
     */
    @Test
    void aHistoryKeepsTheKBestAndTheBestRunAsCandidatesArrive() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            Objective objective = rng.nextBoolean() ? Objective.maximize("a") : Objective.minimize("a");
            List<Objective> single = List.of(objective);
            SearchHistory<ToySpace.Arch> history = new SearchHistory<>();
            List<Candidate<ToySpace.Arch>> seen = new ArrayList<>();
            int[] ks = {3, 1, 40, 7, 0, 90};
            for (int i = 0; i < 300; i++) {
                double v = trial % 4 == 0 ? rng.nextInt(4) : rng.nextGaussian();
                if (trial % 3 == 1 && rng.nextInt(25) == 0) {
                    v = Double.NaN;
                }
                Candidate<ToySpace.Arch> c = new Candidate<>(i, 0, i, new ToySpace.Arch(new int[] {i}),
                        Evaluation.of(Map.of("a", v), null, 0));
                history.add(c);
                seen.add(c);
                if (i % 23 == 0 || i == 299) {
                    int k = ks[(i / 23) % ks.length];
                    assertThat(Ranking.topK(history, single, k)).as("trial %s at %s, k %s", trial, i, k)
                            .isEqualTo(Ranking.topK(new ArrayList<>(seen), single, k));
                    assertThat(Ranking.paretoFront(history, single)).as("trial %s at %s", trial, i)
                            .isEqualTo(Ranking.paretoFront(new ArrayList<>(seen), single));
                }
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aLargeHistoryRanksInLessThanQuadraticTime() {
        Random rng = new Random(6);
        List<Candidate<ToySpace.Arch>> all = randomCandidates(rng, 100_000, 0);
        List<Objective> two = List.of(Objective.maximize("a"), Objective.minimize("b"));
        SearchHistory<ToySpace.Arch> history = new SearchHistory<>();
        all.forEach(history::add);
        // Quadratic versions need minutes here; these finish in well under a second each.
        assertThat(Ranking.topK(all, two, 256)).hasSize(256);
        assertThat(Ranking.paretoFront(all, two)).isNotEmpty();
        assertThat(Ranking.topK(history, List.of(Objective.maximize("a")), 256)).hasSize(256);
        assertThat(Ranking.paretoFront(history, two)).isEqualTo(Ranking.paretoFront(all, two));
        List<Objective> one = List.of(Objective.maximize("a"));
        assertThat(Ranking.paretoFront(all, one)).hasSize(1);
        List<Objective> three = List.of(Objective.maximize("a"), Objective.minimize("b"), Objective.maximize("c"));
        assertThat(Ranking.topK(all, three, 256)).hasSize(256);
        assertThat(Ranking.paretoFront(all, three)).isNotEmpty();
    }
}
