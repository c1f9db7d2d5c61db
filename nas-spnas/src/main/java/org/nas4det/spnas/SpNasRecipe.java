package org.nas4det.spnas;

import java.nio.file.Path;
import java.util.List;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.data.DataOrigin;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;

/**
 * How a worker builds SP-NAS's quick evaluator of one search step (serial or parallel): the
 * detector and fine-tuning settings, where the training and held-out images are read from, the
 * step's {@code models/} folder (each candidate's trained detector, which its children inherit)
 * and {@code lineage/} folder (each proposed candidate's parent, written by the search in the
 * driver). Both folders are in the run directory, so a Spark worker needs it on a shared file
 * system at the driver's path; nothing heavy travels with a task. A candidate's result is a
 * function of its architecture, its parent's saved model and the run's seed only.
 *
 * <p>Fine-tuning holds the engine's one gradient collector per process and reseeds its generator,
 * so the recipe {@link #trains() trains}: a worker process fine-tunes one candidate at a time,
 * whatever its task slots. The searches propose one candidate per generation anyway, so one
 * Spark job has one task.
 *
 * <pre>{@code EvaluatorRecipe<SpNasArch> r = evaluator.recipe().orElseThrow(); Evaluator<SpNasArch> e = r.build();}</pre>
 *
 * @param detector how an architecture becomes a detector
 * @param fineTune each candidate's fine-tuning
 * @param seedIterations the seed's training from its initialisation
 * @param train the training split, or null when the data was not read from COCO or VOC files (no recipe then)
 * @param holdout the held-out split candidates are scored on, or null as {@code train}
 * @param models the step's models folder
 * @param lineage the step's lineage folder ({@link Lineage})
 * @param seed the step's seed
 * @param freezeInherited whether inherited tensors are frozen during fine-tuning
 */
public record SpNasRecipe(DetectorRecipe detector, TrainSettings fineTune, int seedIterations, DataOrigin train, DataOrigin holdout,
        String models, String lineage, long seed, boolean freezeInherited) implements EvaluatorRecipe<SpNasArch> {

    private static final long serialVersionUID = 1L;

    /** @return whether a worker can build the evaluator (the data was read from COCO or VOC files it can read again) */
    boolean remote() {
        return train != null && holdout != null;
    }

    @Override
    public Evaluator<SpNasArch> build() {
        return build(FileSource.local());
    }

    @Override
    public Evaluator<SpNasArch> build(FileSource files) {
        if (!remote()) {
            throw new IllegalStateException("SP-NAS data not read from COCO or VOC files cannot be read again by a worker");
        }
        // No training listeners on a worker: progress is the driver's, results do not depend on it.
        return new QuickEvaluator(this, train.read(files), holdout.read(files), List.of());
    }

    /**
     * The recipe with its data staged where remote workers read it. The models and lineage
     * folders stay paths: workers write each candidate's trained model there for its children, so
     * the run directory must be on a file system every worker mounts.
     */
    @Override
    public SpNasRecipe staged(FileStaging staging) {
        return remote() ? new SpNasRecipe(detector, fineTune, seedIterations, train.staged(staging), holdout.staged(staging), models,
                lineage, seed, freezeInherited) : this;
    }

    /** @return true: fine-tuning seeds the engine per iteration and records gradients */
    @Override
    public boolean trains() {
        return true;
    }

    @Override
    public SpNasArch decode(String encoding) {
        return SpNasArch.parse(encoding);
    }

    /** @return the models folder */
    Path modelsFolder() {
        return Path.of(models);
    }

    /** @return the lineage of the step */
    Lineage parents() {
        return new Lineage(Path.of(lineage));
    }
}
