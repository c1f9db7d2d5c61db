package org.nas4det.spnas;

import org.nas4det.core.data.SortedImageFolder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nas4det.core.data.ClassificationData;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.DatasetBatches;
import org.nas4det.core.nn.LoadedWeights;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingLoop;

/**
 * Reignition: a serial net's backbone is re-pre-trained on a classification image folder (global
 * average pooling and a linear classifier on its last stage, cross-entropy, SGD with cosine decay),
 * then saved back into its detector, whose neck and head are kept.
 */
final class Reignition implements SerialSearch.Reigniter {

    private final Path imageFolder;
    private final TrainSettings train;
    private final int imageSize;
    private final long seed;
    private final List<TrainingListener> listeners;

    Reignition(Path imageFolder, TrainSettings train, int imageSize, long seed, List<TrainingListener> listeners) {
        this.imageFolder = imageFolder;
        this.train = train;
        this.imageSize = imageSize;
        this.seed = seed;
        this.listeners = listeners;
    }

    @Override
    public void reignite(SpNasArch arch, Path model, Path out) {
        try (NDManager m = NDManager.newBaseManager()) {
            SavedDetector d = SavedDetector.load(model, m);
            LoadedWeights.enableGradients(d.detector());
            SerialBackbone backbone = (SerialBackbone) d.detector().backbone();
            SortedImageFolder folder = ClassificationData.imageFolder(imageFolder, imageSize, train.batchSize(), true, seed);
            int classes;
            try {
                classes = folder.getSynset().size();
            } catch (java.io.IOException | ai.djl.translate.TranslateException e) {
                throw new org.nas4det.core.data.DatasetException(imageFolder, null, "cannot list the classes: " + e.getMessage(), e);
            }
            org.nas4det.core.Seeds.seedEngine(seed, arch.encode().hashCode());
            Classifier c = new Classifier(backbone, classes);
            c.head.initialize(m, DataType.FLOAT32, new Shape(1, backbone.stageChannels().get(backbone.stageChannels().size() - 1)));
            BatchSource data = DatasetBatches.stacked(folder, ClassificationData.pipeline(imageSize, true, seed),
                    Math.min(train.batchSize(), Math.toIntExact(folder.size())), seed);
            TrainingLoop.Builder loop = TrainingLoop.builder().setBlock(c).setData(data)
                    .setObjective((ps, x, y) -> {
                        NDArray logp = c.forward(ps, x, true).head().logSoftmax(1);
                        NDArray target = y.head().reshape(-1).toType(DataType.INT32, false).oneHot(classes);
                        return Map.of("cls_loss", target.mul(logp).sum(new int[] {1}).neg().mean());
                    })
                    .setSchedule(train.schedule())
                    .setIterations(train.iterations()).optSgd(0.9f, 1e-4f).optClipNorm(10f).optSeed(seed);
            listeners.forEach(loop::addTrainingListener);
            loop.build().run(m);
            // Written aside, then renamed: a kill leaves either no reignited model or a whole one.
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            QuickEvaluator.deleteTree(tmp);
            SavedDetector.save(tmp, d.spec(), d.categories(), d.detector());
            QuickEvaluator.deleteTree(out);
            try {
                java.nio.file.Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot move the reignited model to " + out, e);
            }
        }
    }

    /** The backbone's last stage, global average pooling and a linear classifier. */
    private static final class Classifier extends AbstractBlock {
        private final SerialBackbone backbone;
        private final Block head;

        Classifier(SerialBackbone backbone, int classes) {
            this.backbone = addChildBlock("backbone", backbone);
            this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList f = backbone.forward(ps, inputs, training, params);
            NDArray pooled = f.get(f.size() - 1).mean(new int[] {3}).mean(new int[] {2});
            return head.forward(ps, new NDList(pooled), training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), -1)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // Both children are initialised before training: the backbone is loaded, the head sized from it.
        }
    }
}
