package org.nas4det.spnas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
 * driver). Both folders are in the run directory: a Spark worker reads them at the driver's path
 * (a shared file system) or, {@link #staged staged}, from the staging location, where the driver
 * puts the lineage files and the parents' models, and the worker publishes the model it trained
 * for the driver to {@link #collect collect} into the run directory. Nothing heavy travels with a
 * task. A candidate's result is a function of its architecture, its parent's saved model and the
 * run's seed only.
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
 * @param models the step's models folder (a staged URI when {@code staged})
 * @param lineage the step's lineage folder ({@link Lineage}; a staged URI when {@code staged})
 * @param seed the step's seed
 * @param freezeInherited whether inherited tensors are frozen during fine-tuning
 * @param staged whether the folders are staged: read through the worker's files, models published there
 */
public record SpNasRecipe(DetectorRecipe detector, TrainSettings fineTune, int seedIterations, DataOrigin train, DataOrigin holdout,
        String models, String lineage, long seed, boolean freezeInherited, boolean staged) implements EvaluatorRecipe<SpNasArch> {

    private static final long serialVersionUID = 2L;

    /** A recipe whose folders are paths (the driver's, or a shared file system's). */
    public SpNasRecipe(DetectorRecipe detector, TrainSettings fineTune, int seedIterations, DataOrigin train, DataOrigin holdout,
            String models, String lineage, long seed, boolean freezeInherited) {
        this(detector, fineTune, seedIterations, train, holdout, models, lineage, seed, freezeInherited, false);
    }

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
        return new QuickEvaluator(this, train.read(files), holdout.read(files), List.of(), files);
    }

    /**
     * The recipe with its data staged, and its models and lineage folders replaced by their
     * staged mirrors ({@link FileStaging#mirror} of the run directory): the lineage files and the
     * models they name as parents (trained, reignited) are put there first, each once per version,
     * so a worker never reads the run directory. Called once per batch.
     */
    @Override
    public SpNasRecipe staged(FileStaging staging) {
        if (!remote() || staged) {
            return this;
        }
        Path run = runFolder();
        String mirror = staging.mirror(run.toString());
        String step = mirror + "/" + modelsFolder().getParent().getFileName();
        Lineage local = parents();
        for (Path file : lineageFiles(local)) {
            staging.put(file, step + "/lineage/" + file.getFileName());
            Lineage.Parent p = local.read(file);
            if (p != null && p.model().startsWith(run)) {
                String model = mirror + "/" + Lineage.slashes(run.relativize(p.model()));
                for (String m : QuickEvaluator.MODEL_FILES) {
                    if (Files.isRegularFile(p.model().resolve(m))) {
                        staging.put(p.model().resolve(m), model + "/" + m);
                    }
                }
            }
        }
        return new SpNasRecipe(detector, fineTune, seedIterations, train.staged(staging), holdout.staged(staging), step + "/models",
                step + "/lineage", seed, freezeInherited, true);
    }

    /** Copies the model a worker published for the candidate into the run directory, as an in-process evaluation leaves it. */
    @Override
    public void collect(EvaluatorRecipe<SpNasArch> shipped, SpNasArch candidate, FileSource files) {
        if (staged || !(shipped instanceof SpNasRecipe s) || !s.staged()) {
            return;
        }
        Path published = files.folder(s.modelLocation(candidate), QuickEvaluator.MODEL_FILES);
        if (!QuickEvaluator.MODEL_FILES.stream().allMatch(m -> Files.isRegularFile(published.resolve(m)))) {
            throw new IllegalStateException("the worker that evaluated " + candidate.encode() + " published no whole model at "
                    + s.modelLocation(candidate));
        }
        FileSource.local().publish(published, QuickEvaluator.MODEL_FILES, QuickEvaluator.modelDir(modelsFolder(), candidate).toString());
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

    /** @return the run directory: the parent of the step's folder */
    private Path runFolder() {
        return modelsFolder().toAbsolutePath().normalize().getParent().getParent();
    }

    /** @return the staged location of a candidate's trained model */
    String modelLocation(SpNasArch arch) {
        return models + "/" + QuickEvaluator.fileName(arch) + "/model";
    }

    /** @return the lineage of the step */
    Lineage parents() {
        return new Lineage(Path.of(lineage));
    }

    /**
     * @param arch a proposed candidate
     * @param files where a staged recipe reads the lineage file and the parent's model
     * @return its parent, with a local model folder, or null for none
     */
    Lineage.Parent parentOf(SpNasArch arch, FileSource files) {
        return staged ? Lineage.readStaged(lineage, arch, files) : parents().read(arch);
    }

    private static List<Path> lineageFiles(Lineage lineage) {
        if (!Files.isDirectory(lineage.folder())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(lineage.folder())) {
            return s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lineage.folder(), e);
        }
    }
}
