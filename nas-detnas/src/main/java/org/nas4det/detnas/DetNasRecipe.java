package org.nas4det.detnas;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.data.DataOrigin;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;

/**
 * How a worker builds the DetNAS evaluator of a run: the fine-tuned supernet's file (it names its
 * space and detector), where the calibration and held-out images are read from, the BN policy
 * and the evaluation sizes. Every location is a path every worker reaches (a shared file system
 * holding the run directory and the data) or a URI the worker's {@link FileSource} copies into
 * its cache ({@link #staged} puts local files there); nothing heavy travels with a task. The worker's
 * supernet lives as long as the worker process (it is reused for every later candidate).
 *
 * <pre>{@code EvaluatorRecipe<DetNasArch> r = evaluator.recipe().orElseThrow(); Evaluator<DetNasArch> e = r.build();}</pre>
 *
 * @param supernetFile the fine-tuned supernet ({@link DetNasFiles#SUPERNET} or a given file)
 * @param supernetStamp the file's size and modification time when the run started its search: a
 *     rewritten file is another recipe, so a worker never scores with a stale supernet it kept; null
 *     for a staged file, whose location names its version
 * @param train the supernet-training split the calibration batches are drawn from
 * @param holdout the held-out split the score is computed on
 * @param policy how BN statistics are obtained
 * @param imageSize the evaluation's square input side
 * @param calibrationImages images BN recalibration averages over
 * @param calibrationBatch images per calibration batch
 * @param seed the run's seed (the calibration batches' order)
 */
public record DetNasRecipe(String supernetFile, String supernetStamp, DataOrigin train, DataOrigin holdout, BnPolicy policy, int imageSize,
        int calibrationImages, int calibrationBatch, long seed) implements EvaluatorRecipe<DetNasArch> {

    private static final long serialVersionUID = 1L;

    /**
     * The stamp of a supernet file.
     *
     * @param file the file
     * @return its size and modification time, as text
     */
    static String stamp(Path file) {
        try {
            return Files.size(file) + " bytes, modified " + Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the supernet file " + file, e);
        }
    }

    /**
     * Refuses a supernet file that is not the one the search started with: a worker would score
     * with other weights than the driver. Sizes must be equal, modification times equal to the
     * second (file systems and mounts keep different fractions of a second).
     */
    private void checkStamp(Path local) {
        if (supernetStamp == null) {
            return; // a staged file: its location names its version
        }
        String now = stamp(local);
        if (!now.equals(supernetStamp) && !(sizeOf(now).equals(sizeOf(supernetStamp))
                && secondsOf(now) == secondsOf(supernetStamp))) {
            throw new IllegalStateException("the supernet file " + supernetFile + " changed since the search started (" + now
                    + ", was " + supernetStamp + "): resume the search to score with the new one");
        }
    }

    private static String sizeOf(String stamp) {
        return stamp.substring(0, stamp.indexOf(" bytes"));
    }

    private static long secondsOf(String stamp) {
        try {
            return Instant.parse(stamp.substring(stamp.indexOf("modified ") + "modified ".length())).getEpochSecond();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE; // not comparable: only the exact stamp is accepted
        }
    }

    @Override
    public Evaluator<DetNasArch> build() {
        return build(FileSource.local());
    }

    @Override
    public Evaluator<DetNasArch> build(FileSource files) {
        Path local = files.file(supernetFile);
        checkStamp(local);
        // Owned by the evaluator for the rest of the worker's life, as the driver's is for the run's.
        NDManager manager = NDManager.newBaseManager();
        try {
            DetNasSupernet supernet = DetNasSupernet.load(local, manager);
            return new WorkerEvaluator(DetNasSearchStep.evaluator(this, supernet, train.read(files), holdout.read(files), manager),
                    manager);
        } catch (RuntimeException e) {
            manager.close(); // a missing or half-written file must not leave a supernet's worth of native memory behind
            throw e;
        }
    }

    /**
     * A worker's evaluator: it owns the manager its supernet lives in, closed when the worker drops
     * it ({@link org.nas4det.core.exec.RemoteEvaluation#clear()}).
     */
    private record WorkerEvaluator(DetNasEvaluator evaluator, NDManager manager) implements Evaluator<DetNasArch>, AutoCloseable {
        @Override
        public Evaluation evaluate(DetNasArch arch) {
            return evaluator.evaluate(arch);
        }

        @Override
        public Optional<EvaluatorRecipe<DetNasArch>> recipe() {
            return evaluator.recipe();
        }

        @Override
        public String describe() {
            return evaluator.describe();
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * The recipe with the supernet file and the data staged where remote workers read them: the
     * staged file's location names its version (a rewritten supernet is staged anew under another
     * name), so the staged recipe carries no stamp. A local file rewritten since the search started
     * is refused here, as a worker reading it in place would refuse it: staging it would score the
     * rest of the search with other weights.
     */
    @Override
    public DetNasRecipe staged(FileStaging staging) {
        if (FileSource.isLocal(supernetFile)) {
            checkStamp(FileSource.local().file(supernetFile));
        }
        return new DetNasRecipe(staging.file(supernetFile), FileSource.isLocal(supernetFile) ? null : supernetStamp,
                train == null ? null : train.staged(staging), holdout == null ? null : holdout.staged(staging), policy, imageSize,
                calibrationImages, calibrationBatch, seed);
    }

    @Override
    public DetNasArch decode(String encoding) {
        return DetNasArch.parse(encoding);
    }
}
