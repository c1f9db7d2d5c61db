package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Candidate;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.search.EvolutionSettings;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.core.train.TrainingStep;

class DetNasRunTest {

    static final DetNasSpace TINY = DetNasSpace.builder().optStem(8).optWidths(16, 32, 64, 128).optDepths(1, 1, 2, 1).optLevels(3, 4, 5).build();

    /** A whole run on tiny synthetic data: small widths, a few iterations of each step. */
    static DetNasBuilder tiny(Path dir) {
        return DetNas.builder()
                .optSpace(TINY)
                .optSyntheticImages(12)
                .optHeadChannels(16).optTowerDepth(1)
                .optLastChannels(32)
                .optPretraining(SupernetTraining.paperPretraining().optIterations(3).optBatchSize(4).optImageSize(32).optLearningRate(0.1f)
                        .optCheckpointEvery(2).build())
                .optFinetuning(SupernetTraining.paperFinetuning().optIterations(3).optBatchSize(2).optImageSize(64).optWarmup(1, 0.5f)
                        .optCheckpointEvery(2).build())
                .optEvolution(EvolutionSettings.builder().optPopulation(4).optTopK(2).optMutants(1, 0.5).optCrossovers(1, 0.5).optGenerations(2).build())
                .optBatchNorm(BnPolicy.RECALIBRATE, 6, 3)
                .optRunDirectory(dir)
                .optSeed(3);
    }

    @Test
    void aTrainingScheduleWithANegativeRateOrAnImpossibleMomentumIsRefusedNamingTheSetter() {
        assertThatThrownBy(() -> SupernetTraining.cpuPretraining().optLearningRate(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optLearningRate: the learning rate must be a number > 0, got -1.0");
        assertThatThrownBy(() -> SupernetTraining.cpuFinetuning().optSgd(1.5f, 0).build()).hasMessageStartingWith("optSgd: the momentum");
        assertThatThrownBy(() -> SupernetTraining.cpuFinetuning().optSgd(0.9f, -1).build()).hasMessageStartingWith("optSgd: the weight decay");
    }

    @Test
    void aRunRefusedForItsClassificationDataWritesNoSettings(@TempDir Path tmp) throws Exception {
        // The classification set's parent (class folders one level down): a common mistake.
        Path parent = tmp.resolve("cls");
        java.nio.file.Files.createDirectories(parent.resolve("train/circle"));
        Path dir = tmp.resolve("run");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tiny(dir).optClassificationData(parent).build().run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(parent.toString())
                .hasMessageContaining("one level down: give " + parent.resolve("train"));
        assertThat(dir.resolve(DetNasFiles.SETTINGS)).doesNotExist();
    }

    @Test
    void aTinyEndToEndRunWritesEveryFileAndIsReadBackWithoutWork(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        List<TrainingStep> steps = new ArrayList<>();
        TrainingListener count = new TrainingListener() {
            @Override
            public void onStep(TrainingStep s) {
                steps.add(s);
            }
        };
        DetNasResult r = tiny(dir).addTrainingListener(count).build().run();
        assertThat(steps).hasSize(6);
        for (String f : List.of(DetNasFiles.SETTINGS, DetNasFiles.PRETRAINED, DetNasFiles.SUPERNET, DetNasFiles.BEST_JSON, DetNasFiles.BEST_YAML,
                DetNasFiles.PRETRAIN_DIR + "/training.json", DetNasFiles.FINETUNE_DIR + "/training.json",
                RunDirectory.LOG, RunDirectory.CHECKPOINT, RunDirectory.BEST, "progress.png",
                DetNasFiles.BEST_DETECTOR + "/detector.json", DetNasFiles.BEST_DETECTOR + "/detector.params",
                "data/shapes/annotations/instances_train.json", "data/shapes-cls/train")) {
            assertThat(dir.resolve(f)).as(f).exists();
        }
        assertThat(Files.readAllLines(dir.resolve(RunDirectory.LOG))).hasSize(8);
        Candidate<DetNasArch> best = r.bestCandidate();
        assertThat(best.evaluation().metric("mAP")).isBetween(0.0, 1.0);
        assertThat(best.cost().convMacs()).isLessThanOrEqualTo(300_000_000L);
        // The best subnet reads back from each format and the exported detector loads.
        assertThat(DetNasArch.read(r.bestSubnetJson().toString(), TINY)).isEqualTo(best.architecture());
        assertThat(DetNasArch.read(r.bestSubnetYaml().toString(), TINY)).isEqualTo(best.architecture());
        try (NDManager m = NDManager.newBaseManager()) {
            SavedDetector d = SavedDetector.load(r.detectorDirectory(), m);
            assertThat(d.detector().backbone()).isInstanceOf(DetNasBackbone.class);
            assertThat(d.categories().size()).isPositive();
        }

        // Every output exists: a second run trains and evaluates nothing and gives the same result.
        steps.clear();
        long logSize = Files.size(dir.resolve(RunDirectory.LOG));
        DetNasResult again = tiny(dir).addTrainingListener(count).build().run();
        assertThat(steps).isEmpty();
        assertThat(Files.size(dir.resolve(RunDirectory.LOG))).isEqualTo(logSize);
        assertThat(again.best()).isEqualTo(best.architecture());
        assertThat(again.bestCandidate().evaluation().metric("mAP")).isEqualTo(best.evaluation().metric("mAP"));

        // A deleted export is written again (it was read back as written): the same weights, no training.
        byte[] params = Files.readAllBytes(dir.resolve(DetNasFiles.BEST_DETECTOR + "/detector.params"));
        try (var files = Files.walk(dir.resolve(DetNasFiles.BEST_DETECTOR))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        Files.delete(dir.resolve(DetNasFiles.BEST_YAML));
        tiny(dir).addTrainingListener(count).build().run();
        assertThat(steps).isEmpty();
        assertThat(Files.readAllBytes(dir.resolve(DetNasFiles.BEST_DETECTOR + "/detector.params"))).isEqualTo(params);
        assertThat(DetNasArch.read(r.bestSubnetYaml().toString(), TINY)).isEqualTo(best.architecture());

        // Other settings in the same directory are refused, naming what differs.
        assertThatThrownBy(() -> tiny(dir).optHeadChannels(32).build().run()).isInstanceOf(RunDirectoryConflictException.class)
                .hasMessageContaining("holds a DetNAS run with other settings").hasMessageContaining("channels");
    }
}
