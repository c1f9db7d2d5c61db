package org.nas4det.detnas;

import java.util.Optional;
import org.nas4det.core.EvaluatorRecipe;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.eval.DatasetEvaluation;
import org.nas4det.core.nn.BatchNorm2d;
import org.nas4det.core.nn.BnFolding;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.BnRecalibration;

/**
 * Scores a DetNAS candidate on the supernet: activate its path, obtain BN statistics by the
 * {@link BnPolicy}, run the detector (supernet backbone + neck + head, all shared weights, no
 * copy) over a held-out detection split and report COCO AP ({@code mAP}), AP50 and AP75. The
 * supernet's stored statistics are snapshotted before and restored after every candidate.
 *
 * <pre>{@code
 * Evaluator<DetNasArch> e = new DetNasEvaluator(supernet, detector, calibration, 500, holdout, BnPolicy.RECALIBRATE, manager);
 * double ap = e.evaluate(arch).metric("mAP");
 * }</pre>
 */
public final class DetNasEvaluator implements Evaluator<DetNasArch> {

    private final DetNasSupernet supernet;
    private final Detector detector;
    private final BatchSource calibration;
    private final int calibrationImages;
    private final org.nas4det.core.data.DetectionDataset holdout;
    private final BnPolicy policy;
    private final NDManager manager;
    private final DetNasRecipe recipe;

    /**
     * Creates the evaluator.
     *
     * @param supernet the supernet (its block is the detector's backbone)
     * @param detector the detector built on the supernet's block
     * @param calibration batches of training images for recalibration (a fixed subset)
     * @param calibrationImages how many images recalibration averages over
     * @param holdout the held-out split the score is computed on
     * @param policy how BN statistics are obtained
     * @param manager the parent of every evaluation's managers
     */
    public DetNasEvaluator(DetNasSupernet supernet, Detector detector, BatchSource calibration, int calibrationImages,
            org.nas4det.core.data.DetectionDataset holdout, BnPolicy policy, NDManager manager) {
        this(supernet, detector, calibration, calibrationImages, holdout, policy, manager, null);
    }

    DetNasEvaluator(DetNasSupernet supernet, Detector detector, BatchSource calibration, int calibrationImages,
            org.nas4det.core.data.DetectionDataset holdout, BnPolicy policy, NDManager manager, DetNasRecipe recipe) {
        if (detector.backbone() != supernet.block()) {
            throw new IllegalArgumentException("the detector must be built on the supernet's block");
        }
        this.supernet = supernet;
        this.detector = detector;
        this.calibration = calibration;
        this.calibrationImages = calibrationImages;
        this.holdout = holdout;
        this.policy = policy;
        this.manager = manager;
        this.recipe = recipe;
    }

    @Override
    public Evaluation evaluate(DetNasArch arch) {
        supernet.activate(arch);
        CocoMetrics m;
        // Only the path's layers (and the neck's and head's) can change: snapshot those alone.
        List<BatchNorm2d> layers = new ArrayList<>();
        for (Block b : supernet.pathBlocks(arch)) {
            layers.addAll(BnRecalibration.layers(b));
        }
        layers.addAll(BnRecalibration.layers(detector.neck()));
        layers.addAll(BnRecalibration.layers(detector.head()));
        try (BnRecalibration.Snapshot saved = BnRecalibration.snapshot(layers);
                NDManager sub = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(sub, false);
            if (policy == BnPolicy.RECALIBRATE) {
                recalibrate(detector, sub);
            }
            if (policy == BnPolicy.TRAIN_MODE) {
                m = DatasetEvaluation.evaluate((x, t) -> detector.head().decode(detector.forward(ps, new NDList(x), true), t,
                        detector.locations(x.getShape())), holdout, sub);
            } else {
                // The statistics are final for this candidate: the path's BN folds into its convolutions.
                List<Block> evaluated = new ArrayList<>(supernet.pathBlocks(arch));
                evaluated.add(detector.neck());
                evaluated.add(detector.head());
                try (BnFolding folded = BnFolding.of(evaluated, sub)) {
                    m = DatasetEvaluation.evaluate((x, t) -> detector.predict(ps, x, t), holdout, sub);
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mAP", m.stat("AP"));
        out.put("AP50", m.stat("AP50"));
        out.put("AP75", m.stat("AP75"));
        return Evaluation.of(out, null, 0);
    }

    /**
     * Re-estimates the BN statistics a detector's forward passes through, as the exact average
     * over this evaluator's calibration images (used for the supernet's path, and for an
     * exported subnet).
     *
     * @param d the detector
     * @param parent parent of the batches' managers
     */
    void recalibrate(Detector d, NDManager parent) {
        BnRecalibration.recalibrate(d, (p, x) -> d.forward(p, new NDList(x), true),
                new CalibrationImages(calibration, calibrationImages, parent), calibrationImages);
    }

    /**
     * The recipe of a run's evaluator: the supernet file, COCO or VOC data read from files (paths
     * or URIs), the BN policy and sizes. An evaluator built by hand, or on data built in memory, has none.
     *
     * @return the recipe, or empty
     */
    @Override
    public Optional<EvaluatorRecipe<DetNasArch>> recipe() {
        return Optional.ofNullable(recipe);
    }

    /** @return the policy */
    BnPolicy policy() {
        return policy;
    }

    @Override
    public String describe() {
        return "detnas-coco-ap(bn=" + policy + (policy == BnPolicy.RECALIBRATE ? ", images=" + calibrationImages : "") + ")";
    }
}
