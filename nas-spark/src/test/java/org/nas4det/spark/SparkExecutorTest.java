package org.nas4det.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.CandidateTask;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.exec.RemoteEvaluation;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.search.SigkillHarness;
import org.nas4det.maedet.MaeDetResult;
import org.nas4det.maedet.MaeDetStructure;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.SpNasResult;

/** One Spark context (local[2]) for the class: Spark takes seconds to start. */
class SparkExecutorTest {

    private static SparkExecutor spark;
    @TempDir static Path shared;

    @BeforeAll
    static void start() {
        // Staging and the workers' cache under a scheme only Hadoop opens (the recipes of the searches stage nothing).
        spark = SparkExecutor.builder().optMaster("local[2]").optMaxTaskFailures(2)
                .addConf("spark.hadoop.fs." + CountingFileSystem.SCHEME + ".impl", CountingFileSystem.class.getName())
                .addConf(SparkExecutor.CACHE_DIRECTORY, shared.resolve("cache").toString())
                .optStaging(CountingFileSystem.uri(shared.resolve("stage"))).build();
    }

    @AfterAll
    static void stop() {
        spark.close();
        RemoteEvaluation.clear();
    }

    private static List<String> log(Path dir) throws Exception {
        return SigkillHarness.withoutSeconds(Files.readAllLines(dir.resolve(RunDirectory.LOG)));
    }

    @Test
    void anEntropySearchOnLocal2GivesTheInProcessLogAndBest(@TempDir Path tmp) throws Exception {
        MaeDetResult local = SparkSearches.small(tmp.resolve("in-process"), CandidateExecutor.inProcess()).build().run();
        MaeDetResult onSpark = SparkSearches.small(tmp.resolve("spark"), spark).build().run();
        // 32 children drawn, and the initial structure: those that repeat or break the budget are not evaluated.
        assertThat(log(tmp.resolve("spark"))).hasSizeBetween(17, 33).isEqualTo(log(tmp.resolve("in-process")));
        assertThat(onSpark.best()).isEqualTo(local.best());
        assertThat(Files.readString(tmp.resolve("spark/best_structure.txt")))
                .isEqualTo(Files.readString(tmp.resolve("in-process/best_structure.txt")));
    }

    /** Fails the third evaluation of this JVM once; Spark runs the task again. */
    record FailingOnce(EvaluatorRecipe<MaeDetStructure> inner) implements EvaluatorRecipe<MaeDetStructure> {
        static final AtomicInteger EVALUATIONS = new AtomicInteger();

        @Override
        public Evaluator<MaeDetStructure> build() {
            Evaluator<MaeDetStructure> e = inner.build();
            return arch -> {
                if (EVALUATIONS.incrementAndGet() == 3) {
                    throw new IllegalStateException("simulated lost worker");
                }
                return e.evaluate(arch);
            };
        }

        @Override
        public MaeDetStructure decode(String encoding) {
            return inner.decode(encoding);
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheSearchIsTheSame(@TempDir Path tmp) throws Exception {
        Evaluator<MaeDetStructure> score = SparkSearches.entropy();
        Evaluator<MaeDetStructure> flaky = new Evaluator<>() {
            @Override
            public Evaluation evaluate(MaeDetStructure arch) {
                return score.evaluate(arch);
            }

            @Override
            public Optional<EvaluatorRecipe<MaeDetStructure>> recipe() {
                return Optional.of(new FailingOnce(score.recipe().orElseThrow()));
            }

            @Override
            public String describe() {
                return score.describe();
            }
        };
        SparkSearches.small(tmp.resolve("in-process"), CandidateExecutor.inProcess()).build().run();
        SparkSearches.small(tmp.resolve("spark"), spark).optScore(flaky).build().run();
        assertThat(FailingOnce.EVALUATIONS.get()).as("the failed evaluation was run again")
                .isEqualTo(log(tmp.resolve("in-process")).size() + 1);
        assertThat(log(tmp.resolve("spark"))).isEqualTo(log(tmp.resolve("in-process")));
    }

    @Test
    void aDriverKilledMidSearchResumesOnSparkWithTheSameResult(@TempDir Path tmp) throws Exception {
        Path reference = tmp.resolve("reference");
        SparkSearches.small(reference, CandidateExecutor.inProcess()).build().run();
        Path dir = tmp.resolve("killed");
        // Spark logs a generation in one burst (1, 9, 17, 25, 33 lines): a point up to 16 leaves two whole
        // generations to run after the kill, where one (points up to 24) was seen to finish before SIGKILL landed.
        int point = SigkillHarness.killPoint("aDriverKilledMidSearchResumesOnSparkWithTheSameResult", 16);
        int before = SigkillHarness.killAfter(SparkSearches.class, SparkSearches.sparkJvmOptions(),
                List.of(dir.toString(), "false"), dir.resolve(RunDirectory.LOG), point);
        assertThat(before).isLessThan(33);
        SparkSearches.small(dir, spark).optResume(true).build().run();
        SigkillHarness.assertSameLog(dir, reference);
        assertThat(Files.readString(dir.resolve("best_structure.txt"))).isEqualTo(Files.readString(reference.resolve("best_structure.txt")));
    }

    @Test
    void theDriverStagesALocalFileOnceAndWorkersReadItThroughHadoop() throws Exception {
        Path weights = Files.writeString(shared.resolve("weights.txt"), "2.5");
        StagedFileRecipe recipe = new StagedFileRecipe(weights.toString());
        List<CandidateTask<StagedFileRecipe.Word>> batch = new ArrayList<>();
        for (String w : List.of("a", "bb", "ccc", "dddd", "eeeee")) {
            batch.add(new CandidateTask<>(batch.size(), 1, batch.size(), new StagedFileRecipe.Word(w)));
        }
        CountingFileSystem.OPENS.set(0);
        Map<String, Evaluation> got = new TreeMap<>();
        for (int generation = 0; generation < 2; generation++) {
            spark.evaluate(batch, recipe.evaluator(), (t, e) -> got.put(t.architecture().text(), e));
        }
        assertThat(got.get("ccc").metric("score")).isEqualTo(7.5);
        assertThat(got.values()).allSatisfy(e -> assertThat(e.metric("staged")).isEqualTo(1.0));
        // two batches of five tasks on one worker process: one copy to the staging folder, one into the cache
        try (Stream<Path> staged = Files.walk(shared.resolve("stage"))) {
            assertThat(staged.filter(p -> p.getFileName().toString().equals("weights.txt"))).hasSize(1);
        }
        assertThat(CountingFileSystem.OPENS.get()).isEqualTo(1);
    }

    @Test
    void spNasWithAStagingFolderNeedsNoSharedRunDirectoryAndResumesToTheInProcessRun(@TempDir Path tmp) throws Exception {
        Path inProcess = tmp.resolve("in-process");
        Path onSpark = tmp.resolve("spark");
        SpNasResult local = SpNasOverStaging.tiny(inProcess).build().run();
        String stage = CountingFileSystem.uri(shared.resolve("stage"));
        SpNasOverStaging dying = new SpNasOverStaging(spark, stage, onSpark, 3);
        assertThatThrownBy(() -> SpNasOverStaging.tiny(onSpark).optExecutor(dying).build().run())
                .hasStackTraceContaining("simulated driver death");
        SpNasOverStaging resumed = new SpNasOverStaging(spark, stage, onSpark, 0);
        SpNasResult remote = SpNasOverStaging.tiny(onSpark).optResume(true).optExecutor(resumed).build().run();

        // 4 serial and 2 parallel candidates, one per generation; the third, lost with the driver, again on resume
        assertThat(dying.batches + resumed.batches).isEqualTo(3 + 4);
        SigkillHarness.assertSameLog(onSpark.resolve(SpNas.SERIAL), inProcess.resolve(SpNas.SERIAL));
        SigkillHarness.assertSameLog(onSpark.resolve(SpNas.PARALLEL), inProcess.resolve(SpNas.PARALLEL));
        assertThat(remote.best()).isEqualTo(local.best());
        assertThat(Files.readString(onSpark.resolve(SpNas.BEST_ARCH))).isEqualTo(Files.readString(inProcess.resolve(SpNas.BEST_ARCH)));
        // the run directory holds what an in-process run leaves: every candidate's model, collected from the staging folder
        assertThat(files(onSpark)).isEqualTo(files(inProcess));
        try (Stream<Path> staged = Files.walk(shared.resolve("stage/runs"))) {
            List<String> names = staged.map(p -> p.toString().replace(p.getFileSystem().getSeparator(), "/")).toList();
            assertThat(names).filteredOn(n -> n.matches(".*/serial/models/[^/]+/model/detector.json")).hasSize(4);
            assertThat(names).filteredOn(n -> n.matches(".*/parallel/models/[^/]+/model/detector.json")).hasSize(2);
            assertThat(names).noneMatch(n -> n.contains(".part"));
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void anEvaluatorWithoutARecipeIsRefusedByName(@TempDir Path tmp) {
        Evaluator<MaeDetStructure> bare = arch -> Evaluation.of(java.util.Map.of("score", 1.0), null, 0);
        assertThatThrownBy(() -> SparkSearches.small(tmp, spark).optScore(bare).build().run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no recipe")
                .hasMessageContaining("in-process");
    }

    @Test
    void localMastersRetryFailedTasks() {
        assertThat(SparkExecutor.withRetries("local[2]", 4)).isEqualTo("local[2,4]");
        assertThat(SparkExecutor.withRetries("local", 4)).isEqualTo("local[1,4]");
        assertThat(SparkExecutor.withRetries("local[*]", 3)).isEqualTo("local[*,3]");
        assertThat(SparkExecutor.withRetries("local[2,1]", 4)).isEqualTo("local[2,1]");
        assertThat(SparkExecutor.withRetries("spark://head:7077", 4)).isEqualTo("spark://head:7077");
    }

    @Test
    void aMasterGivenByAddConfIsTrimmedAndRetriedLikeOptMaster() {
        SparkConf c = SparkExecutor.builder().addConf("spark.master", " local[2] ").build().sparkConf();
        assertThat(c.get("spark.master")).isEqualTo("local[2,4]");
        assertThat(c.get("spark.driver.host")).isEqualTo("127.0.0.1");
        assertThat(c.get("spark.task.maxFailures")).isEqualTo("4");
        // addConf wins over optMaster and over the executor's own retry count
        SparkConf over = SparkExecutor.builder().optMaster("spark://head:7077").addConf("spark.master", "local")
                .addConf("spark.task.maxFailures", "7").build().sparkConf();
        assertThat(over.get("spark.master")).isEqualTo("local[1,7]");
        assertThat(over.get("spark.task.maxFailures")).isEqualTo("7");
    }

    @Test
    void thePackagesSparkNeedsOpenedAreThoseTheJarAndTheTestsOpen() throws Exception {
        // The launcher's manifest and this module's test JVM take the list from the build's
        // nas.spark.opens; the class's own copy, which names the missing options, must not drift.
        String pom = Files.readString(Path.of("..", "pom.xml"));
        String opens = pom.substring(pom.indexOf("<nas.spark.opens>") + "<nas.spark.opens>".length(), pom.indexOf("</nas.spark.opens>"));
        assertThat(SparkExecutor.OPENED_PACKAGES).isEqualTo(List.of(opens.trim().split("\\s+")))
                .contains("java.security.jgss/sun.security.krb5");
        SparkExecutor.checkOpened(); // this JVM has them all
    }
}

