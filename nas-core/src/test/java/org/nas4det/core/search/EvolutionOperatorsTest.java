package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nas4det.core.Constraints;
import org.nas4det.core.Objective;
import org.nas4det.core.Operators;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.SearchSpace;

/** Evolution takes its operators apart from the space: a space need not know how to mutate. */
class EvolutionOperatorsTest {

    /** A space that only samples, decodes and builds (as a differentiable space would). */
    private static final class PlainSpace implements SearchSpace<ToySpace.Arch> {
        private final ToySpace toy = new ToySpace(8);

        @Override
        public String describe() {
            return toy.describe();
        }

        @Override
        public ToySpace.Arch sample(Random rng) {
            return toy.sample(rng);
        }

        @Override
        public ToySpace.Arch decode(String encoding) {
            return toy.decode(encoding);
        }

        @Override
        public Block build(ToySpace.Arch arch) {
            return toy.build(arch);
        }
    }

    private static SearchProblem<ToySpace.Arch> problem(SearchSpace<ToySpace.Arch> space) {
        return SearchProblem.builder(space, new ToySpace.Objective(0))
                .optConstraints(Constraints.builder().optMaxParams(8_000).optInput(3, 8, 8).build())
                .addObjective(Objective.maximize("score"))
                .optSeed(3)
                .build();
    }

    private static EvolutionSettings settings() {
        return EvolutionSettings.builder().optPopulation(20).optTopK(5).optMutants(8, 0.2).optCrossovers(8, 0.5).optGenerations(4).build();
    }

    private static List<String> trace(SearchResult<ToySpace.Arch> r) {
        return r.candidates().stream().map(c -> c.generation() + "/" + c.slot() + " " + c.architecture().encode())
                .collect(Collectors.toList());
    }

    @Test
    void explicitOperatorsSearchExactlyAsASpaceThatIsItsOwnOperators() {
        SearchResult<ToySpace.Arch> own = new EvolutionSearch<ToySpace.Arch>(settings()).search(problem(new ToySpace(8)));
        AtomicInteger mutations = new AtomicInteger();
        AtomicInteger crossovers = new AtomicInteger();
        ToySpace toy = new ToySpace(8);
        Operators<ToySpace.Arch> counting = new Operators<>() {
            @Override
            public ToySpace.Arch mutate(ToySpace.Arch parent, Random rng, double p) {
                mutations.incrementAndGet();
                return toy.mutate(parent, rng, p);
            }

            @Override
            public ToySpace.Arch crossover(ToySpace.Arch a, ToySpace.Arch b, Random rng, double p) {
                crossovers.incrementAndGet();
                return toy.crossover(a, b, rng, p);
            }
        };
        SearchResult<ToySpace.Arch> apart = new EvolutionSearch<>(settings(), counting).search(problem(new PlainSpace()));
        assertThat(trace(apart)).isEqualTo(trace(own));
        assertThat(mutations.get()).isPositive();
        assertThat(crossovers.get()).isPositive();
    }

    @Test
    void aSpaceWithoutOperatorsNeedsThemGiven() {
        assertThatThrownBy(() -> new EvolutionSearch<ToySpace.Arch>(settings()).search(problem(new PlainSpace())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not implement Operators");
    }
}
