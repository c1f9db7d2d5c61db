package org.nas4det.detnas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nas4det.core.data.ClassificationData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.random.SeededRandom;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.DatasetBatches;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingLoop;

/**
 * Single-path one-shot training of a {@link DetNasSupernet} (SPOS): every iteration draws one
 * choice per block uniformly, from (seed, iteration) so that a resumed run draws the same paths,
 * runs forward and backward through that path only and updates the path's parameters and the
 * head's; the other choices get no update at all (no weight decay, no momentum step). Both modes
 * run on the core {@link TrainingLoop}: checkpoints, exact resume, NaN guard, listeners.
 *
 * <pre>{@code
 * SupernetTrainer t = new SupernetTrainer(supernet, 0);
 * t.pretrain(supernet.classifier(10, 1024), Path.of("shapes-cls/train"), settings, runDir.resolve("pretrain"), listeners, manager);
 * t.finetune(supernet.detector("fcos", 5, 64, 2), trainData, settings2, runDir.resolve("finetune"), listeners, manager);
 * }</pre>
 */
public final class SupernetTrainer {

    private final DetNasSupernet supernet;
    private final long seed;
    private int cachedIteration = -1;
    private DetNasArch cachedPath;

    /**
     * Creates the trainer.
     *
     * @param supernet the supernet (initialised, with the head of the mode to train)
     * @param seed the seed of paths, batches and augmentation
     */
    public SupernetTrainer(DetNasSupernet supernet, long seed) {
        this.supernet = supernet;
        this.seed = seed;
    }

    /**
     * The path trained at an iteration: uniform per block, a function of (seed, iteration).
     *
     * @param iteration from 0
     * @return the path
     */
    public synchronized DetNasArch path(int iteration) {
        if (iteration != cachedIteration) {
            cachedPath = supernet.space().sample(new SeededRandom(seed * 0x9E3779B97F4A7C15L + iteration));
            cachedIteration = iteration;
        }
        return cachedPath;
    }

    /**
     * Classification pre-training on an image folder (one sub-folder per class), with
     * label-smoothed cross-entropy.
     *
     * @param classifier the supernet's classifier, initialised
     * @param imageFolder the folder of class folders
     * @param t the settings
     * @param checkpointDir where checkpoints go and a run resumes from (null for none)
     * @param listeners progress listeners
     * @param manager the parent of every step's manager
     */
    public void pretrain(SupernetClassifier classifier, Path imageFolder, SupernetTraining t, Path checkpointDir,
            List<TrainingListener> listeners, NDManager manager) {
        RandomAccessDataset folder = ClassificationData.imageFolder(imageFolder, t.imageSize(), t.batchSize(), true, seed);
        int classes = classifier.classes();
        float eps = t.labelSmoothing();
        BatchSource data = DatasetBatches.stacked(folder, ClassificationData.pipeline(t.imageSize(), true, seed),
                Math.min(t.batchSize(), Math.toIntExact(folder.size())), seed);
        run(classifier, List.of(classifier.head()), data, t, checkpointDir, listeners, manager, (ps, x, y) -> {
            NDArray logp = classifier.forward(ps, x, true).head().logSoftmax(1);
            NDArray target = y.head().reshape(-1).toType(DataType.INT32, false).oneHot(classes).mul(1 - eps).add(eps / classes);
            return Map.of("cls_loss", target.mul(logp).sum(new int[] {1}).neg().mean());
        });
    }

    /**
     * Detection fine-tuning with the detector's losses.
     *
     * @param detector the supernet's detector, initialised
     * @param train the training images (the search's held-out images excluded)
     * @param t the settings
     * @param checkpointDir where checkpoints go and a run resumes from (null for none)
     * @param listeners progress listeners
     * @param manager the parent of every step's manager
     */
    public void finetune(Detector detector, DetectionData train, SupernetTraining t, Path checkpointDir,
            List<TrainingListener> listeners, NDManager manager) {
        DetectionDataset set = DetectionDataset.builder().setData(train).optSeed(seed)
                .optTransforms(DetectionDataset.trainTransforms(t.imageSize(), t.imageSize()))
                .setSampling(t.batchSize(), true).build();
        BatchSource data = DatasetBatches.of(set, Math.min(t.batchSize(), train.samples().size()), seed);
        run(detector, List.of(detector.neck(), detector.head()), data, t, checkpointDir, listeners, manager,
                (ps, x, y) -> detector.losses(ps, x.head(), y));
    }

    private void run(Block model, List<Block> heads, BatchSource data, SupernetTraining t, Path checkpointDir,
            List<TrainingListener> listeners, NDManager manager, TrainingLoop.Objective objective) {
        List<Parameter> headParameters = new ArrayList<>();
        for (Block h : heads) {
            for (Pair<String, Parameter> p : h.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    headParameters.add(p.getValue());
                }
            }
        }
        TrainingLoop.Builder loop = TrainingLoop.builder()
                .setBlock(model)
                .setObjective(objective)
                .setData(data)
                .setSchedule(t.schedule())
                .setIterations(t.iterations())
                .optSgd(t.momentum(), t.weightDecay())
                .optNoDecayOnNormAndBias(true)
                .optClipNorm(t.clipNorm())
                .optBeforeStep(it -> supernet.activate(path(it)))
                .optParameterSelector(it -> {
                    List<Parameter> selected = new ArrayList<>(supernet.pathParameters(path(it)));
                    selected.addAll(headParameters);
                    return selected;
                })
                .optSelectorCoversForward(true)
                .optSeed(seed);
        if (checkpointDir != null) {
            loop.optRunDirectory(checkpointDir).optCheckpointEvery(t.checkpointEvery());
        }
        listeners.forEach(loop::addTrainingListener);
        loop.build().run(manager);
    }
}
