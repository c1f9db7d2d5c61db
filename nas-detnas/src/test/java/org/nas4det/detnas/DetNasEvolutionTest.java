package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nas4det.core.Candidate;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.search.EvolutionSearch;
import org.nas4det.core.search.EvolutionSettings;

/** The paper's evolution on the small space, with a stand-in fitness so that it runs in a second. */
class DetNasEvolutionTest {

    /** A deterministic, arbitrary fitness: an integer hash of the choices, scaled to [0, 1). */
    static final Evaluator<DetNasArch> HASH = new Evaluator<>() {
        @Override
        public Evaluation evaluate(DetNasArch a) {
            long h = Arrays.hashCode(a.choices()) * 0x9E3779B97F4A7C15L;
            return Evaluation.of(Map.of("mAP", (h >>> 11) / (double) (1L << 53)), null, 0);
        }

        @Override
        public String describe() {
            return "hash";
        }
    };

    @Test
    void thePapersSettingsEvaluateFiftyNewFeasibleCandidatesPerGenerationForTwentyGenerations() {
        EvolutionSettings paper = EvolutionSettings.builder().build();
        assertThat(paper.population()).isEqualTo(50);
        assertThat(paper.topK()).isEqualTo(10);
        assertThat(paper.mutants()).isEqualTo(20);
        assertThat(paper.mutationProbability()).isEqualTo(0.1);
        assertThat(paper.crossovers()).isEqualTo(20);
        assertThat(paper.crossoverProbability()).isEqualTo(0.5);
        assertThat(paper.generations()).isEqualTo(20);
        SearchResult<DetNasArch> r = new EvolutionSearch<DetNasArch>(paper).search(SearchProblem.builder(DetNasSpace.small(), HASH)
                .optConstraints(DetNas.paperConstraint()).addObjective(Objective.maximize("mAP")).optSeed(1).build());
        List<Candidate<DetNasArch>> all = r.candidates();
        Map<Integer, Long> perGeneration = all.stream().collect(Collectors.groupingBy(Candidate::generation, Collectors.counting()));
        assertThat(perGeneration).hasSize(20).allSatisfy((g, n) -> assertThat(n).as("generation %s", g).isEqualTo(50L));
        Set<DetNasArch> distinct = new HashSet<>();
        for (Candidate<DetNasArch> c : all) {
            assertThat(distinct.add(c.architecture())).as("evaluated twice: %s", c.architecture()).isTrue();
            assertThat(c.cost().convMacs()).isLessThanOrEqualTo(300_000_000L);
        }
        // Evolution beats the random first generation on the stand-in fitness.
        double bestOfFirst = all.stream().filter(c -> c.generation() == 0).mapToDouble(c -> c.evaluation().metric("mAP")).max().orElseThrow();
        assertThat(r.best().evaluation().metric("mAP")).isGreaterThan(bestOfFirst);
        // Children of generation 1 on: at least the 40 mutants and crossovers share most genes with a parent.
        List<DetNasArch> firstTop = all.stream().filter(c -> c.generation() == 0)
                .sorted((a, b) -> Double.compare(b.evaluation().metric("mAP"), a.evaluation().metric("mAP"))).limit(10)
                .map(Candidate::architecture).collect(Collectors.toList());
        long close = all.stream().filter(c -> c.generation() == 1)
                .filter(c -> firstTop.stream().anyMatch(p -> sameGenes(p, c.architecture()) >= 10)).count();
        assertThat(close).isGreaterThanOrEqualTo(40);
    }

    private static int sameGenes(DetNasArch a, DetNasArch b) {
        int n = 0;
        for (int i = 0; i < a.size(); i++) {
            n += a.choice(i) == b.choice(i) ? 1 : 0;
        }
        return n;
    }
}
