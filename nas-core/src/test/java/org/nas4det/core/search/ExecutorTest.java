package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Architecture;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.CandidateTask;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.SearchProblem;

/** The search hands each generation to its executor as one batch; the executor never changes the search. */
class ExecutorTest {

    private static SearchProblem<ToySpace.Arch> problem(Path dir, CandidateExecutor executor) {
        SearchProblem<ToySpace.Arch> p = ToySearchMain.problem(dir, 3, false, 0);
        return SearchProblem.builder(p.space(), p.evaluator()).optConstraints(p.constraints())
                .addObjective(p.objectives().get(0)).optSeed(p.seed()).optRunDirectory(dir).optExecutor(executor).build();
    }

    @Test
    void aShuffledOrderExecutorGivesTheIdenticalLogAndBest(@TempDir Path tmp) throws Exception {
        ToySearchMain.strategy().search(problem(tmp.resolve("in-process"), CandidateExecutor.inProcess()));
        ShuffledExecutor shuffled = new ShuffledExecutor();
        ToySearchMain.strategy().search(problem(tmp.resolve("shuffled"), shuffled));

        SigkillHarness.assertSameLog(tmp.resolve("shuffled"), tmp.resolve("in-process"));
        assertThat(SigkillHarness.withoutSeconds(java.nio.file.Files.readAllLines(tmp.resolve("shuffled/best.json"))))
                .isEqualTo(SigkillHarness.withoutSeconds(java.nio.file.Files.readAllLines(tmp.resolve("in-process/best.json"))));
        // One batch per generation (8 generations of 20), really evaluated out of order.
        assertThat(shuffled.batchSizes).hasSize(8).allMatch(n -> n == 20);
        assertThat(shuffled.evaluationOrder).hasSize(160).doesNotContainSequence(0, 1, 2).isNotEqualTo(new ArrayList<>(new java.util.TreeSet<>(shuffled.evaluationOrder)));
    }

    @Test
    void anExecutorThatReturnsOutOfOrderIsRefused() {
        CandidateExecutor backwards = new CandidateExecutor() {
            @Override
            public <A extends Architecture> void evaluate(List<CandidateTask<A>> batch, Evaluator<A> evaluator,
                    BiConsumer<CandidateTask<A>, Evaluation> sink) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    sink.accept(batch.get(i), evaluator.evaluate(batch.get(i).architecture()));
                }
            }
        };
        assertThatThrownBy(() -> ToySearchMain.strategy().search(problem(null, backwards)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("candidate order");
    }

    @Test
    void anExecutorThatDropsAnEvaluationIsRefused() {
        CandidateExecutor lossy = new CandidateExecutor() {
            @Override
            public <A extends Architecture> void evaluate(List<CandidateTask<A>> batch, Evaluator<A> evaluator,
                    BiConsumer<CandidateTask<A>, Evaluation> sink) {
                for (int i = 0; i < batch.size() - 1; i++) {
                    sink.accept(batch.get(i), evaluator.evaluate(batch.get(i).architecture()));
                }
            }
        };
        assertThatThrownBy(() -> ToySearchMain.strategy().search(problem(null, lossy)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned 19 of the 20 evaluations");
    }
}
