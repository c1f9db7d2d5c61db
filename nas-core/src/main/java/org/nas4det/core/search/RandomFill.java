package org.nas4det.core.search;

import java.util.List;
import org.nas4det.core.Architecture;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.random.SeededRandom;

/**
 * Fills a batch with random admitted candidates, with a bound on rejected draws in a row. When
 * nothing was ever admitted the budget is impossible and the search fails fast; otherwise the
 * space is taken as exhausted and the batch stays short.
 */
final class RandomFill {

    private RandomFill() {}

    static <A extends Architecture> void fill(
            List<A> batch,
            int target,
            SearchSpace<A> space,
            SeededRandom rng,
            CandidateFilter<A> filter,
            int maxDraws) {
        int misses = 0;
        int draws = 0;
        while (batch.size() < target && misses < maxDraws) {
            A a = space.sample(rng);
            draws++;
            if (filter.admit(a)) {
                batch.add(a);
                misses = 0;
            } else {
                misses++;
            }
        }
        if (batch.isEmpty() && !filter.anyAdmitted()) {
            throw filter.noFeasible(draws);
        }
    }
}
