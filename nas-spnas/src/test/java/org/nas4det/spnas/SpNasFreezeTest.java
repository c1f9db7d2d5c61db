package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.detect.SavedDetector;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.nn.BatchNorm2d;

/**
 * Freezing inherited tensors: after a fine-tuning step a frozen inherited tensor equals the
 * parent's, a new one (the inserted block's zero-initialised last BN) has moved; without freezing
 * the inherited tensor moves too.
 */
class SpNasFreezeTest {

    @Test
    void frozenInheritedTensorsStayAndNewOnesTrain(@TempDir Path tmp) {
        SpNasData data = SpNasData.load(RunDirectory.open(tmp.resolve("run")), null, 0.05, 4, 64, null, false, 1);
        DetectorRecipe recipe = new DetectorRecipe("fcos", 8, false, 16, 1, 64);
        TrainSettings oneStep = new TrainSettings(1, 2, 0.05f, 0);
        SpNasArch parent = SpNasArch.parse("b_11-21-21-21_0-0-0-0");
        SpNasArch child = SpNasArch.parse("b_111-21-21-21_0-0-0-0");
        int[] map = WeightInheritance.align(parent.serialCode(), child.serialCode());
        int inserted = 0;
        while (map[inserted] >= 0) {
            inserted++;
        }

        Path parentModels = tmp.resolve("parent");
        Path lineage = tmp.resolve("lineage");
        new Lineage(lineage).write(parent, null);
        new QuickEvaluator(settings(recipe, oneStep, parentModels, lineage, false), data.train, data.holdout, List.of()).evaluate(parent);
        Lineage.Parent p = new Lineage.Parent(0, QuickEvaluator.modelDir(parentModels, parent), 0);
        new Lineage(lineage).write(child, p);
        for (boolean freeze : new boolean[] {true, false}) {
            Path models = tmp.resolve("child-" + freeze);
            new QuickEvaluator(settings(recipe, oneStep, models, lineage, freeze), data.train, data.holdout, List.of()).evaluate(child);
            try (NDManager m = NDManager.newBaseManager()) {
                SerialBackbone pb = (SerialBackbone) SavedDetector.load(p.model(), m).detector().backbone();
                SerialBackbone cb = (SerialBackbone) SavedDetector.load(QuickEvaluator.modelDir(models, child), m).detector().backbone();
                NDArray before = stemWeight(pb);
                NDArray after = stemWeight(cb);
                assertThat(after.contentEquals(before)).as("inherited stem conv unchanged iff frozen (freeze=%s)", freeze).isEqualTo(freeze);
                NDArray gamma = ((BatchNorm2d) cb.blocks().get(inserted).last().batchNorm()).gamma().getArray();
                assertThat(gamma.abs().max().getFloat()).as("the new block's BN gamma left 0").isPositive();
            }
        }
    }

    private static SpNasRecipe settings(DetectorRecipe recipe, TrainSettings train, Path models, Path lineage, boolean freeze) {
        return new SpNasRecipe(recipe, train, 1, null, null, models.toString(), lineage.toString(), 1, freeze);
    }

    private static NDArray stemWeight(SerialBackbone b) {
        for (Parameter q : b.stem().getParameters().values()) {
            if (q.getType() == Parameter.Type.WEIGHT) {
                return q.getArray();
            }
        }
        throw new AssertionError("the stem has no conv weight");
    }
}
