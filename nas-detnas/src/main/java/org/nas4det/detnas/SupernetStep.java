package org.nas4det.detnas;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.nas4det.core.Seeds;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supernet step of a DetNAS run: loads a given or finished supernet, or pre-trains and
 * fine-tunes one (each training resumable from its checkpoints, each skipped once its file
 * exists).
 */
final class SupernetStep {

    private static final Logger LOG = LoggerFactory.getLogger(SupernetStep.class);

    private SupernetStep() {}

    /**
     * Returns the fine-tuned supernet of the run, training what is missing.
     *
     * @param s the run's settings
     * @param dir the run directory
     * @param data the run's data
     * @param manager the manager owning the supernet's weights
     * @return the supernet with its detector
     */
    static DetNasSupernet trainedSupernet(DetNas s, RunDirectory dir, DetNasData data, NDManager manager) {
        int classes = data.train.categories().size();
        if (s.supernetFile() != null || Files.exists(dir.file(DetNasFiles.SUPERNET))) {
            Path file = s.supernetFile() != null ? s.supernetFile() : dir.file(DetNasFiles.SUPERNET);
            LOG.info("supernet training skipped: using {}", file);
            DetNasSupernet net = DetNasSupernet.load(file, manager);
            if (!net.space().equals(s.space())) {
                // The description leaves out the detection levels: where it is the same, the whole space is named.
                boolean same = net.space().describe().equals(s.space().describe());
                throw new IllegalArgumentException(file + " holds a supernet of " + (same ? net.space().toJson() : net.space().describe())
                        + ", not of " + (same ? s.space().toJson() : s.space().describe()));
            }
            JsonObject want = DetNasSupernet.detectorConfig(s.head(), classes, s.headChannels(), s.towerDepth());
            if (net.detector() == null || !want.equals(net.detectorConfig())) {
                throw new IllegalArgumentException(file + " holds the detector " + net.detectorConfig() + ", this run needs " + want);
            }
            return net;
        }
        DetNasSupernet net;
        SupernetTrainer trainer;
        if (Files.exists(dir.file(DetNasFiles.PRETRAINED))) {
            LOG.info("pre-training skipped: {} exists", dir.file(DetNasFiles.PRETRAINED));
            net = DetNasSupernet.load(dir.file(DetNasFiles.PRETRAINED), manager);
            trainer = new SupernetTrainer(net, s.seed());
        } else {
            net = DetNasSupernet.of(s.space());
            trainer = new SupernetTrainer(net, s.seed());
            Seeds.seedEngine(s.seed(), 0);
            if (s.pretraining().iterations() > 0) {
                int size = s.pretraining().imageSize();
                SupernetClassifier c = net.classifier(classCount(data.classification), s.lastChannels());
                c.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
                LOG.info("pre-training the supernet on {}: {}", data.classification, s.pretraining());
                trainer.pretrain(c, data.classification, s.pretraining(), checkpoints(s, dir, DetNasFiles.PRETRAIN_DIR),
                        s.trainingListeners(), manager);
                net.save(dir.file(DetNasFiles.PRETRAINED));
            } else {
                LOG.info("pre-training skipped: 0 iterations, fine-tuning starts from random weights");
            }
        }
        Detector detector = net.detector(s.head(), classes, s.headChannels(), s.towerDepth());
        Seeds.seedEngine(s.seed(), 1);
        int size = s.finetuning().imageSize();
        detector.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
        if (s.finetuning().iterations() > 0) {
            LOG.info("fine-tuning the supernet on {} images: {}", data.train.samples().size(), s.finetuning());
            trainer.finetune(detector, data.train, s.finetuning(), checkpoints(s, dir, DetNasFiles.FINETUNE_DIR),
                    s.trainingListeners(), manager);
        } else {
            LOG.info("fine-tuning skipped: 0 iterations");
        }
        net.save(dir.file(DetNasFiles.SUPERNET));
        return net;
    }

    private static Path checkpoints(DetNas s, RunDirectory dir, String name) {
        Path p = dir.file(name);
        if (!s.resume() && Files.exists(p.resolve("training.json"))) {
            throw new RunDirectoryConflictException(p + " holds an unfinished training: resume the run, or choose another run directory");
        }
        return p;
    }

    private static int classCount(Path imageFolder) {
        try (Stream<Path> st = Files.list(imageFolder)) {
            return (int) st.filter(Files::isDirectory).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + imageFolder, e);
        }
    }
}
