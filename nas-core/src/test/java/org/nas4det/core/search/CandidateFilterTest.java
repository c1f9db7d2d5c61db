package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nas4det.core.Constraints;

/** What {@link CandidateFilter} admits: new (by equality, as the encoding), valid, within budget. */
class CandidateFilterTest {

    private static final Constraints NO_LIMIT = Constraints.builder().optInput(3, 8, 8).build();

    @Test
    void anEqualArchitectureIsSeenWhateverItsInstance() {
        ToySpace space = new ToySpace(3);
        CandidateFilter<ToySpace.Arch> filter = new CandidateFilter<>(space, NO_LIMIT);
        ToySpace.Arch a = new ToySpace.Arch(new int[] {0, 1, 2});
        assertThat(filter.anyAdmitted()).isFalse();
        assertThat(filter.admit(a)).isTrue();

        ToySpace.Arch twin = space.decode(a.encode());
        assertThat(twin).isNotSameAs(a);
        assertThat(filter.isSeen(twin)).isTrue();
        assertThat(filter.admit(twin)).isFalse();
        assertThat(filter.rejections()).startsWith("1 draws repeated a candidate already evaluated");
        // The cost counted on admission is found through an equal instance too.
        assertThat(filter.takeCost(twin)).isEqualTo(space.cost(a, NO_LIMIT.input()));

        ToySpace.Arch logged = new ToySpace.Arch(new int[] {2, 1, 0});
        assertThat(filter.isSeen(logged)).isFalse();
        filter.markSeen(logged);
        assertThat(filter.admit(new ToySpace.Arch(new int[] {2, 1, 0}))).isFalse();
        assertThat(filter.admit(new ToySpace.Arch(new int[] {2, 1, 1}))).isTrue();
    }

    @Test
    void aBudgetNothingMeetsNamesTheSmallestValueSeen() {
        ToySpace space = new ToySpace(3);
        CandidateFilter<ToySpace.Arch> filter = new CandidateFilter<>(space,
                Constraints.builder().optInput(3, 8, 8).optMaxLayers(2).build());
        assertThat(filter.admit(new ToySpace.Arch(new int[] {0, 1, 2}))).isFalse();
        // A rejected architecture is not remembered as seen: a larger budget could admit it.
        assertThat(filter.isSeen(new ToySpace.Arch(new int[] {0, 1, 2}))).isFalse();
        assertThat(filter.anyAdmitted()).isFalse();
        assertThat(filter.noFeasible(1).getMessage())
                .contains("after 1 draws (1 rejected)")
                .contains("layers limit 2, smallest seen 3");
        assertThat(filter.rejections()).isEqualTo("0 draws repeated a candidate already evaluated, 1 broke the constraints");
    }
}
