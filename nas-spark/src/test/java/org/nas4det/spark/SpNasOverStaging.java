package org.nas4det.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import org.nas4det.core.Architecture;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.CandidateTask;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.TrainSettings;

/**
 * A tiny SP-NAS run, and an executor that hands each batch to Spark after checking that the
 * recipe its workers get names no path of the run directory: they read and write it only through
 * the staging folder. It can play a driver that dies after a batch was evaluated (its models
 * published and collected) but before the batch reached the log.
 */
final class SpNasOverStaging implements CandidateExecutor {

    private final SparkExecutor spark;
    private final HadoopStaging staging;
    private final Path runDirectory;
    private final int dieAtBatch;
    int batches;

    /**
     * @param spark the executor, staging under {@code stagingUri}
     * @param stagingUri its staging folder
     * @param runDirectory the run directory no worker may be told of
     * @param dieAtBatch the batch (from 1) whose results are dropped before the driver stops, or 0 for none
     */
    SpNasOverStaging(SparkExecutor spark, String stagingUri, Path runDirectory, int dieAtBatch) {
        this.spark = spark;
        this.dieAtBatch = dieAtBatch;
        this.staging = new HadoopStaging(HadoopFilesTest.counting(), stagingUri);
        this.runDirectory = runDirectory;
    }

    /** The settings of nas-spnas's tiny run: 64 px, width 8, 3 serial and 2 parallel samples, one reignition. */
    static SpNas.Builder tiny(Path dir) {
        return SpNas.cpu().optRunDirectory(dir).optSeed(3).optImageSize(64).optWidth(8).optHeadChannels(16).optTowerDepth(1)
                .optFineTune(new TrainSettings(3, 2, 0.01f, 1)).optSeedIterations(6).optSerialSamples(3).optPatience(1)
                .optMaxReignitions(1).optReignition(new TrainSettings(2, 4, 0.01f, 0)).optParallelSamples(2)
                .optFinalTraining(new TrainSettings(6, 2, 0.01f, 1)).optSyntheticImages(8);
    }

    @Override
    public <A extends Architecture> void evaluate(List<CandidateTask<A>> batch, Evaluator<A> evaluator,
            BiConsumer<CandidateTask<A>, Evaluation> sink) {
        EvaluatorRecipe<A> shipped = evaluator.recipe().orElseThrow().staged(staging);
        assertThat(serialised(shipped)).doesNotContain(runDirectory.toAbsolutePath().toString());
        if (++batches == dieAtBatch) {
            spark.evaluate(batch, evaluator, (t, e) -> {});
            throw new IllegalStateException("simulated driver death after batch " + batches);
        }
        spark.evaluate(batch, evaluator, sink);
    }

    private static String serialised(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
