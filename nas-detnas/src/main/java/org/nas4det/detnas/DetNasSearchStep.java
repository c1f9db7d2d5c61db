package org.nas4det.detnas;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.report.PlotListener;
import org.nas4det.core.search.EvolutionSearch;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.train.DatasetBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search and export steps of a DetNAS run: the evaluator (BN policy, held-out COCO AP), the
 * evolution over the run directory's log, and the export of the best subnet in three forms.
 */
final class DetNasSearchStep {

    private static final Logger LOG = LoggerFactory.getLogger(DetNasSearchStep.class);

    private DetNasSearchStep() {}

    /**
     * Builds the evaluator: calibration batches from the training split, scoring on the holdout.
     *
     * @param s the run's settings
     * @param dir the run directory (its supernet file is the recipe's)
     * @param supernet the fine-tuned supernet
     * @param data the run's data
     * @param manager the manager of the evaluation's long-lived arrays
     * @return the evaluator
     */
    static DetNasEvaluator evaluator(DetNas s, RunDirectory dir, DetNasSupernet supernet, DetNasData data,
            NDManager manager) {
        int n = data.train.samples().size();
        int images = Math.min(s.calibrationImages(), n);
        if (images < s.calibrationImages()) {
            LOG.info("BN recalibration uses all {} training images ({} asked)", images, s.calibrationImages());
        }
        Path file = s.supernetFile() != null ? s.supernetFile() : dir.file(DetNasFiles.SUPERNET);
        DetNasRecipe recipe = new DetNasRecipe(file.toAbsolutePath().toString(), DetNasRecipe.stamp(file),
                data.train.origin().orElse(null),
                data.holdout.origin().orElse(null), s.bnPolicy(), s.finetuning().imageSize(), images,
                Math.min(s.calibrationBatch(), n), s.seed());
        return evaluator(recipe, supernet, data.train, data.holdout, manager);
    }

    /**
     * Builds the evaluator of a recipe on given data (the driver's, or a worker's read from the
     * recipe's paths); it carries the recipe when both splits could be read again elsewhere.
     *
     * @param r the recipe
     * @param supernet the fine-tuned supernet
     * @param train the supernet-training split
     * @param holdout the held-out split
     * @param manager the manager of the evaluation's long-lived arrays
     * @return the evaluator
     */
    static DetNasEvaluator evaluator(DetNasRecipe r, DetNasSupernet supernet, DetectionData train, DetectionData holdout,
            NDManager manager) {
        int size = r.imageSize();
        DetectionDataset calibration = DetectionDataset.builder().setData(train)
                .optTransforms(DetectionDataset.evalTransforms(size, size)).setSampling(r.calibrationBatch(), false).build();
        DetectionDataset held = DetectionDataset.builder().setData(holdout)
                .optTransforms(DetectionDataset.evalTransforms(size, size))
                .setSampling(Math.min(8, holdout.samples().size()), false).build();
        boolean portable = r.train() != null && r.holdout() != null;
        return new DetNasEvaluator(supernet, supernet.detector(), DatasetBatches.of(calibration, r.calibrationBatch(), r.seed()),
                r.calibrationImages(), held, r.policy(), manager, portable ? r : null);
    }

    /**
     * Runs (or resumes, or reads back) the evolution.
     *
     * @param s the run's settings
     * @param dir the run directory
     * @param evaluator the evaluator
     * @return every candidate
     */
    static SearchResult<DetNasArch> search(DetNas s, RunDirectory dir, DetNasEvaluator evaluator) {
        boolean done = Files.exists(dir.file(DetNasFiles.BEST_JSON));
        if (done) {
            LOG.info("search skipped: {} exists; reading the result from the log", dir.file(DetNasFiles.BEST_JSON));
        }
        SearchProblem.Builder<DetNasArch> p = SearchProblem.<DetNasArch>builder(s.space(), evaluator)
                .optConstraints(s.constraints()).addObjective(Objective.maximize("mAP")).optSeed(s.seed())
                .optResume(s.resume() || done).optRunDirectory(dir.root()).addListener(new PlotListener("conv_macs"))
                .optExecutor(s.executor());
        if (!done) {
            s.listeners().forEach(p::addListener);
        }
        return new EvolutionSearch<DetNasArch>(s.evolution(), s.space()).search(p.build());
    }

    /**
     * Writes the best subnet as our JSON, MMRazor YAML and a saved detector whose weights are
     * copied from the supernet (BN recalibrated under that policy).
     *
     * @param s the run's settings
     * @param dir the run directory
     * @param best the best subnet
     * @param supernet the supernet
     * @param evaluator the evaluator (for recalibration)
     * @param data the run's data
     * @param manager a manager for the copy
     */
    static void export(DetNas s, RunDirectory dir, DetNasArch best, DetNasSupernet supernet, DetNasEvaluator evaluator,
            DetNasData data, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            Detector d = supernet.extractDetector(best, sub);
            if (evaluator.policy() == BnPolicy.RECALIBRATE) {
                evaluator.recalibrate(d, sub);
            }
            JsonObject spec = new JsonObject();
            spec.addProperty("head", s.head());
            spec.add("backbone", DetNas.backboneSpec(s.space(), best));
            spec.addProperty("channels", s.headChannels());
            spec.addProperty("tower_depth", s.towerDepth());
            spec.addProperty("input_size", s.finetuning().imageSize());
            SavedDetector.save(dir.file(DetNasFiles.BEST_DETECTOR), DetectorSpec.of(spec), data.train.categories(), d);
        }
        best.writeYaml(dir.file(DetNasFiles.BEST_YAML), s.space().depths());
        dir.writeJsonAtomically(DetNasFiles.BEST_JSON, best.toJson(s.space()));
        LOG.info("best subnet {} written to {}, {} and {}/", best.encode(), DetNasFiles.BEST_JSON, DetNasFiles.BEST_YAML,
                DetNasFiles.BEST_DETECTOR);
    }
}
