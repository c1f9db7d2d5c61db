package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Objective;
import org.nas4det.core.Ranking;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;

class EvolutionSearchTest {

    private static List<String> trace(SearchResult<ToySpace.Arch> r) {
        return r.candidates().stream()
                .map(c -> c.generation() + "/" + c.slot() + " " + c.architecture().encode() + " "
                        + c.evaluation().metrics())
                .collect(Collectors.toList());
    }

    @Test
    void sameSeedGivesTheSameCandidatesAndResultAndAnotherSeedDoesNot() {
        SearchResult<ToySpace.Arch> a = ToySearchMain.strategy().search(ToySearchMain.problem(null, 3, false, 0));
        SearchResult<ToySpace.Arch> b = ToySearchMain.strategy().search(ToySearchMain.problem(null, 3, false, 0));
        SearchResult<ToySpace.Arch> c = ToySearchMain.strategy().search(ToySearchMain.problem(null, 4, false, 0));
        assertThat(trace(a)).isEqualTo(trace(b));
        assertThat(a.best().architecture()).isEqualTo(b.best().architecture());
        assertThat(trace(a)).isNotEqualTo(trace(c));
    }

    @Test
    void neverEvaluatesTwiceAndRespectsConstraintsAndGenerationSizes() {
        SearchResult<ToySpace.Arch> r = ToySearchMain.strategy().search(ToySearchMain.problem(null, 11, false, 0));
        Set<String> seen = new HashSet<>();
        Map<Integer, Integer> perGeneration = new HashMap<>();
        for (Candidate<ToySpace.Arch> c : r.candidates()) {
            assertThat(seen.add(c.architecture().encode())).as("duplicate %s", c).isTrue();
            assertThat(c.cost().params()).isLessThanOrEqualTo(8_000);
            assertThat(c.cost())
                    .isEqualTo(CostModel.count(new ToySpace(8).build(c.architecture()), ToySpace.input()));
            perGeneration.merge(c.generation(), 1, Integer::sum);
        }
        assertThat(perGeneration).hasSize(8);
        assertThat(perGeneration.values()).allMatch(n -> n == 20);
        assertThat(r.candidates()).hasSize(160);
        // The best really is the maximum.
        double max = r.candidates().stream().mapToDouble(c -> c.evaluation().metric("score")).max().orElseThrow();
        assertThat(r.best().evaluation().metric("score")).isEqualTo(max);
    }

    @Test
    void evolutionBeatsItsOwnRandomFirstGeneration() {
        SearchResult<ToySpace.Arch> r = ToySearchMain.strategy().search(ToySearchMain.problem(null, 5, false, 0));
        double gen0 = r.candidates().stream().filter(c -> c.generation() == 0)
                .mapToDouble(c -> c.evaluation().metric("score")).max().orElseThrow();
        assertThat(r.best().evaluation().metric("score")).isGreaterThan(gen0);
    }

    @Test
    void aBudgetNothingMeetsFailsFastNamingTheLimitAndTheSmallestCost() {
        SearchProblem<ToySpace.Arch> p =
                SearchProblem.builder(new ToySpace(2), new ToySpace.Objective(0))
                        .optConstraints(Constraints.builder().optMaxParams(100).optInput(3, 8, 8).build())
                        .addObjective(Objective.maximize("score"))
                        .build();
        // 25 architectures, all drawn in 500 tries; the narrowest: 3->4 and 4->4 convs (no bias)
        // with BN: 108 + 8 + 144 + 8 = 268.
        assertThatThrownBy(() -> new RandomSearch<ToySpace.Arch>(10, 5, 500).search(p))
                .isInstanceOf(NoFeasibleCandidateException.class)
                .hasMessageContaining("params limit 100")
                .hasMessageContaining("smallest seen 268");
    }

    @Test
    void severalObjectivesGiveATrueParetoFront() {
        SearchProblem<ToySpace.Arch> p =
                SearchProblem.builder(new ToySpace(6), new ToySpace.Objective(0))
                        .addObjective(Objective.maximize("score"))
                        .addObjective(Objective.minimizeCost("params"))
                        .optSeed(2)
                        .build();
        SearchResult<ToySpace.Arch> r = new RandomSearch<ToySpace.Arch>(120, 40).search(p);
        List<Candidate<ToySpace.Arch>> front = r.paretoFront();
        assertThat(front).isNotEmpty();
        for (Candidate<ToySpace.Arch> f : front) {
            for (Candidate<ToySpace.Arch> c : r.candidates()) {
                boolean noWorse = c.evaluation().metric("score") >= f.evaluation().metric("score")
                        && c.cost().params() <= f.cost().params();
                boolean better = c.evaluation().metric("score") > f.evaluation().metric("score")
                        || c.cost().params() < f.cost().params();
                assertThat(noWorse && better).as("%s dominates front member %s", c, f).isFalse();
            }
        }
        for (Candidate<ToySpace.Arch> c : r.candidates()) {
            if (!front.contains(c)) {
                assertThat(front).anyMatch(f -> Ranking.dominates(f, c, p.objectives()));
            }
        }
        for (int i = 1; i < front.size(); i++) {
            assertThat(front.get(i).evaluation().metric("score"))
                    .isLessThanOrEqualTo(front.get(i - 1).evaluation().metric("score"));
        }
    }

    @Test
    void resumeAfterACrashEvaluatesNothingTwiceAndEndsWithTheSameResult(@TempDir Path tmp)
            throws Exception {
        SearchResult<ToySpace.Arch> reference =
                ToySearchMain.strategy().search(ToySearchMain.problem(tmp.resolve("ref"), 9, false, 0));

        Path dir = tmp.resolve("crash");
        int[] calls = {0};
        Evaluator<ToySpace.Arch> crashing = arch -> {
            if (++calls[0] == 47) {
                throw new IllegalStateException("simulated crash");
            }
            return new ToySpace.Objective(0).evaluate(arch);
        };
        SearchProblem<ToySpace.Arch> first = toy(crashing, 9, dir).build();
        assertThatThrownBy(() -> ToySearchMain.strategy().search(first)).hasMessage("simulated crash");
        // A half-written last line, as a kill during a write leaves it.
        Files.writeString(dir.resolve(RunDirectory.LOG), "{\"index\":46,\"gen",
                java.nio.file.StandardOpenOption.APPEND);

        int[] resumedCalls = {0};
        Evaluator<ToySpace.Arch> counting = arch -> {
            resumedCalls[0]++;
            return new ToySpace.Objective(0).evaluate(arch);
        };
        SearchProblem<ToySpace.Arch> second = toy(counting, 9, dir).optResume(true).build();
        SearchResult<ToySpace.Arch> resumed = ToySearchMain.strategy().search(second);
        assertThat(trace(resumed)).isEqualTo(trace(reference));
        assertThat(resumedCalls[0]).isEqualTo(160 - 46);
        assertThat(SigkillHarness.withoutSeconds(Files.readAllLines(dir.resolve(RunDirectory.BEST))))
                .isEqualTo(SigkillHarness.withoutSeconds(Files.readAllLines(tmp.resolve("ref").resolve(RunDirectory.BEST))));
        SigkillHarness.assertSameLog(dir, tmp.resolve("ref"));
    }

    @Test
    void aFailedEvaluationIsReportedEvenWhenTheLogAlsoFails(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        int[] calls = {0};
        Evaluator<ToySpace.Arch> failing = arch -> {
            if (++calls[0] == 2) {
                // the log cannot be opened any more: its close fails too
                assertThat(dir.resolve(RunDirectory.LOG).toFile().mkdirs()).isTrue();
                throw new IllegalStateException("evaluation failed");
            }
            return new ToySpace.Objective(0).evaluate(arch);
        };
        SearchProblem<ToySpace.Arch> problem = toy(failing, 9, dir).build();
        assertThatThrownBy(() -> ToySearchMain.strategy().search(problem))
                .hasMessage("evaluation failed")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessageContaining("cannot append to")));
    }

    @Test
    void startingOverAnExistingRunWithoutResumeIsRefused(@TempDir Path tmp) {
        ToySearchMain.strategy().search(ToySearchMain.problem(tmp, 1, false, 0));
        assertThatThrownBy(() -> ToySearchMain.strategy().search(ToySearchMain.problem(tmp, 1, false, 0)))
                .isInstanceOf(RunDirectoryConflictException.class)
                .hasMessageContaining("already holds a search");
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path tmp) {
        ToySearchMain.strategy().search(ToySearchMain.problem(tmp, 1, false, 0));
        assertThatThrownBy(() -> ToySearchMain.strategy().search(ToySearchMain.problem(tmp, 2, true, 0)))
                .isInstanceOf(RunDirectoryConflictException.class)
                .hasMessageContaining("holds a search with other settings: its seed was 1, now 2")
                .hasMessageEndingWith("run with the settings it was started with, or in another directory");
    }

    @Test
    void theRunFilesHaveGsonsPrettyLayout(@TempDir Path tmp) throws Exception {
        // The checkpoint is written as text, best.json through JsonText.prettyText: both must read
        // as Gson's pretty printer (without its HTML escaping) lays the same JSON out.
        ToySearchMain.strategy().search(ToySearchMain.problem(tmp, 1, false, 0));
        com.google.gson.Gson gson = new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        for (String file : List.of(RunDirectory.CHECKPOINT, RunDirectory.BEST)) {
            String text = Files.readString(tmp.resolve(file));
            assertThat(text).as(file).isEqualTo(gson.toJson(com.google.gson.JsonParser.parseString(text)) + "\n");
            assertThat(text).as(file).contains("\n  \"");
        }
        assertThat(Files.readString(tmp.resolve(RunDirectory.CHECKPOINT))).contains("\"population\": [\n    \"");
    }

    @Test
    void resumingAFinishedRunEvaluatesNothing(@TempDir Path tmp) {
        SearchResult<ToySpace.Arch> a = ToySearchMain.strategy().search(ToySearchMain.problem(tmp, 1, false, 0));
        SearchProblem<ToySpace.Arch> again =
                SearchProblem.builder(new ToySpace(8), describe(arch -> {
                            throw new AssertionError("evaluated again: " + arch.encode());
                        }))
                        .optConstraints(Constraints.builder().optMaxParams(8_000).optInput(3, 8, 8).build())
                        .addObjective(Objective.maximize("score"))
                        .optSeed(1)
                        .optRunDirectory(tmp)
                        .optResume(true)
                        .build();
        assertThat(trace(ToySearchMain.strategy().search(again))).isEqualTo(trace(a));
    }

    @Test
    void aSearchThatNeedsNoEngineRecordsNoEnvironmentAndItsOlderCheckpointsStillResumeChecked(@TempDir Path tmp)
            throws Exception {
        Evaluator<ToySpace.Arch> withEngine = describe(new ToySpace.Objective(0));
        Evaluator<ToySpace.Arch> noEngine = new Evaluator<>() {
            @Override
            public Evaluation evaluate(ToySpace.Arch arch) {
                return withEngine.evaluate(arch);
            }

            @Override
            public boolean needsEngine() {
                return false;
            }

            @Override
            public String describe() {
                return withEngine.describe();
            }
        };
        java.util.function.BiFunction<Evaluator<ToySpace.Arch>, Boolean, SearchProblem<ToySpace.Arch>> problem =
                (e, resume) -> SearchProblem.builder(new ToySpace(8), e)
                        .optConstraints(Constraints.builder().optMaxParams(8_000).optInput(3, 8, 8).build())
                        .addObjective(Objective.maximize("score"))
                        .optSeed(3)
                        .optRunDirectory(tmp.resolve(e == noEngine ? "closed-form" : "engine"))
                        .optResume(resume)
                        .build();
        double best = ToySearchMain.strategy().search(problem.apply(withEngine, false)).best().evaluation().metric("score");
        ToySearchMain.strategy().search(problem.apply(noEngine, false));
        Path engineCp = tmp.resolve("engine").resolve(RunDirectory.CHECKPOINT);
        Path cp = tmp.resolve("closed-form").resolve(RunDirectory.CHECKPOINT);
        String environment = ",\n    \"environment\": \\{[^}]*\\}";
        // The engine's run records its environment; the other records the same without it.
        assertThat(Files.readString(engineCp))
                .contains("\"intra_op_threads\": " + org.nas4det.core.RunEnvironment.current().get("intra_op_threads"));
        assertThat(Files.readString(cp))
                .doesNotContain("environment")
                .isEqualTo(Files.readString(engineCp).replaceFirst(environment, ""));
        SigkillHarness.assertSameLog(tmp.resolve("closed-form"), tmp.resolve("engine"));
        assertThat(ToySearchMain.strategy().search(problem.apply(noEngine, true)).best().evaluation().metric("score")).isEqualTo(best);

        // The engine's run is checked on resume as before.
        Files.writeString(engineCp, Files.readString(engineCp).replaceFirst("\"intra_op_threads\": \\d+", "\"intra_op_threads\": 977"));
        assertThatThrownBy(() -> ToySearchMain.strategy().search(problem.apply(withEngine, true)))
                .isInstanceOf(RunDirectoryConflictException.class)
                .hasMessageContaining("intra_op_threads = 977");

        // A closed-form run's checkpoint written when every checkpoint named the environment:
        // it resumes, checked against what it recorded.
        Files.writeString(engineCp, Files.readString(engineCp).replace("\"intra_op_threads\": 977",
                "\"intra_op_threads\": " + org.nas4det.core.RunEnvironment.current().get("intra_op_threads")));
        String older = Files.readString(engineCp);
        Files.writeString(cp, older);
        assertThat(ToySearchMain.strategy().search(problem.apply(noEngine, true)).best().evaluation().metric("score")).isEqualTo(best);
        assertThat(Files.readString(cp)).isEqualTo(older);
        Files.writeString(cp, older.replaceFirst("\"intra_op_threads\": \\d+", "\"intra_op_threads\": 977"));
        assertThatThrownBy(() -> ToySearchMain.strategy().search(problem.apply(noEngine, true)))
                .isInstanceOf(RunDirectoryConflictException.class)
                .hasMessageContaining("intra_op_threads = 977");
    }

    @Test
    void slowCandidatesReachTheLogOneByOneWithinTheirGeneration(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve(RunDirectory.LOG);
        List<Long> linesBefore = new java.util.ArrayList<>();
        Evaluator<ToySpace.Arch> slow = arch -> {
            try {
                linesBefore.add(Files.exists(log) ? Files.lines(log).count() : 0L);
                Thread.sleep(150);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new ToySpace.Objective(0).evaluate(arch);
        };
        SearchProblem<ToySpace.Arch> p = toy(slow, 4, tmp).build();
        new RandomSearch<ToySpace.Arch>(5, 5).search(p); // one generation of five
        // Each evaluation finds the ones before it written (the writer thread may lag one behind).
        assertThat(linesBefore).hasSize(5);
        for (int i = 2; i < 5; i++) {
            assertThat(linesBefore.get(i)).as("lines before candidate %s", i).isGreaterThanOrEqualTo(i - 1);
        }
    }

    /** A toy problem in the 8-channel space, under the usual budget, maximising the score. */
    private static SearchProblem.Builder<ToySpace.Arch> toy(Evaluator<ToySpace.Arch> e, long seed, Path dir) {
        return SearchProblem.builder(new ToySpace(8), describe(e))
                .optConstraints(Constraints.builder().optMaxParams(8_000).optInput(3, 8, 8).build())
                .addObjective(Objective.maximize("score"))
                .optSeed(seed)
                .optRunDirectory(dir);
    }

    static Evaluator<ToySpace.Arch> describe(Evaluator<ToySpace.Arch> e) {
        return new Evaluator<>() {
            @Override
            public Evaluation evaluate(ToySpace.Arch arch) {
                return e.evaluate(arch);
            }

            @Override
            public String describe() {
                return "toy-objective";
            }
        };
    }

    @Test
    void aRunThatFailedBeforeItsFirstCandidateDoesNotBlockTheCorrectedOne(@TempDir Path tmp) {
        List<String> fresh = trace(ToySearchMain.strategy().search(ToySearchMain.problem(null, 1, false, 0)));
        for (boolean resume : new boolean[] {false, true}) {
            Path dir = tmp.resolve("resume-" + resume);
            // The first command's budget admits nothing: it fails, and takes back its first checkpoint.
            SearchProblem<ToySpace.Arch> tooSmall =
                    SearchProblem.builder(new ToySpace(8), new ToySpace.Objective(0))
                            .optConstraints(Constraints.builder().optMaxParams(100).optInput(3, 8, 8).build())
                            .addObjective(Objective.maximize("score"))
                            .optRunDirectory(dir)
                            .build();
            assertThatThrownBy(() -> ToySearchMain.strategy().search(tooSmall)).isInstanceOf(NoFeasibleCandidateException.class);
            assertThat(dir.resolve(RunDirectory.CHECKPOINT)).doesNotExist();
            assertThat(RunDirectory.open(dir).holdsSearch()).isFalse();
            // The corrected command (other constraints) runs there as in an empty directory.
            assertThat(trace(ToySearchMain.strategy().search(ToySearchMain.problem(dir, 1, resume, 0)))).isEqualTo(fresh);
            // A run with candidates is still kept from a command that does not resume it.
            assertThatThrownBy(() -> ToySearchMain.strategy().search(ToySearchMain.problem(dir, 1, false, 0)))
                    .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("optResume(true)");
        }
    }

    @Test
    void settingsWithCrossoversAreRefusedForOperatorsThatOnlyMutate(@TempDir Path tmp) {
        ToySpace space = new ToySpace(8);
        org.nas4det.core.Operators<ToySpace.Arch> mutateOnly = new org.nas4det.core.Operators<>() {
            @Override
            public ToySpace.Arch mutate(ToySpace.Arch parent, java.util.Random rng, double p) {
                return space.mutate(parent, rng, p);
            }

            @Override
            public ToySpace.Arch crossover(ToySpace.Arch a, ToySpace.Arch b, java.util.Random rng, double p) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean hasCrossover() {
                return false;
            }
        };
        EvolutionSettings withCrossovers = EvolutionSettings.builder().optPopulation(20).optTopK(5).optMutants(8, 0.2)
                .optCrossovers(8, 0.5).optGenerations(3).build();
        assertThatThrownBy(() -> new EvolutionSearch<>(withCrossovers, mutateOnly))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optCrossovers(0, p)");
        EvolutionSettings mutantsOnly = withCrossovers.toBuilder().optCrossovers(0, 0.5).build();
        assertThat(new EvolutionSearch<>(mutantsOnly, mutateOnly).search(ToySearchMain.problem(tmp, 1, false, 0))
                .candidates()).hasSize(60);
        assertThatThrownBy(() -> EvolutionSettings.builder().optMutants(8, 1.5).build())
                .hasMessage("optMutants: the per-gene probability must be in [0, 1], got 1.5");
    }
}

