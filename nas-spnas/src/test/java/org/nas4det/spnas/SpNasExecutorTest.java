package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Evaluator;
import org.nas4det.core.exec.RemoteEvaluation;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.search.ShuffledExecutor;
import org.nas4det.core.search.SigkillHarness;

/**
 * SP-NAS candidates evaluated the way a Spark worker does (an evaluator built from the recipe that
 * crossed a serialisation, the parent read from the lineage files, batches in shuffled order) give
 * the in-process search; a parent whose model is not completely written is refused by name.
 */
class SpNasExecutorTest {

    @AfterEach
    void forgetWorkerEvaluators() {
        RemoteEvaluation.clear();
    }

    @Test
    void recipeBuiltEvaluatorsInShuffledOrderGiveTheInProcessSearch(@TempDir Path tmp) throws Exception {
        Path inProcess = tmp.resolve("in-process");
        Path remote = tmp.resolve("remote");
        SpNasSearchMain.tiny(inProcess).build().run();
        ShuffledExecutor executor = ShuffledExecutor.viaRecipe();
        SpNasSearchMain.tiny(remote).optExecutor(executor).build().run();

        SigkillHarness.assertSameLog(remote.resolve(SpNas.SERIAL), inProcess.resolve(SpNas.SERIAL));
        SigkillHarness.assertSameLog(remote.resolve(SpNas.PARALLEL), inProcess.resolve(SpNas.PARALLEL));
        assertThat(Files.readString(remote.resolve(SpNas.BEST_ARCH))).isEqualTo(Files.readString(inProcess.resolve(SpNas.BEST_ARCH)));
        // 4 serial and 2 parallel candidates, each through the recipe
        assertThat(executor.evaluationOrder).containsExactly(0, 1, 2, 3, 0, 1);
        assertThat(Files.readAllLines(remote.resolve(SpNas.SERIAL).resolve(RunDirectory.LOG))).hasSize(4);
    }

    @Test
    void aParentModelNotCompletelyWrittenIsRefused(@TempDir Path tmp) throws Exception {
        SpNasData data = SpNasData.load(RunDirectory.open(tmp.resolve("run")), null, 0.05, 4, 64, null, false, 1);
        SpNasArch parent = SpNasArch.parse("b_11-21-21-21_0-0-0-0");
        SpNasArch child = SpNasArch.parse("b_111-21-21-21_0-0-0-0");
        Path models = tmp.resolve("models");
        Path half = QuickEvaluator.modelDir(models, parent);
        Files.createDirectories(half);
        Files.writeString(half.resolve("detector.params"), "cut short");
        Lineage lineage = new Lineage(tmp.resolve("lineage"));
        lineage.write(child, new Lineage.Parent(0, half, 0));
        SpNasRecipe settings = new SpNasRecipe(new DetectorRecipe("fcos", 8, false, 16, 1, 64), new TrainSettings(1, 2, 0.01f, 0),
                1, data.train.origin().orElseThrow(), data.holdout.origin().orElseThrow(), models.toString(),
                lineage.folder().toString(), 1, false);
        assertThat(ShuffledExecutor.serialisedCopy(settings)).isEqualTo(settings);

        Evaluator<SpNasArch> worker = ShuffledExecutor.serialisedCopy(settings).build();
        assertThatThrownBy(() -> worker.evaluate(child)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(half.toString()).hasMessageContaining("not completely written");
        assertThatThrownBy(() -> worker.evaluate(parent)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no lineage file");
    }
}
