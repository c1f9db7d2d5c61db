package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.nas4det.core.SameFields;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;

/** Builder validation, presets, and detectors sized from the stage count. */
class SpNasBuilderTest {

    @Test
    void buildCopiesEveryFieldAndLaterChangesToTheBuilderDoNotReachTheRun() throws Exception {
        SpNas.Builder b = SpNas.cpu().optSerialSamples(4).optSeed(5).addListener(org.nas4det.core.SearchListener.progressBar());
        SpNas run = b.build();
        // Every field of the copy equals the builder's (a field added later and left out of copy() fails here).
        SameFields.check(SpNas.Builder.class, run.b, b);
        b.optSerialSamples(9).optSeed(6).addListener(org.nas4det.core.SearchListener.logging());
        assertThat(run.b.settings()).isEqualTo(SpNas.cpu().optSerialSamples(4).optSeed(5).settings());
        assertThat(run.b.listeners).hasSize(1);
        SpNas other = run.toBuilder().optSeed(8).build();
        assertThat(other.b.seed).isEqualTo(8);
        assertThat(other.b.serialSamples).isEqualTo(4);
    }

    @Test
    @SuppressWarnings("deprecation") // the old names, kept as aliases
    void theDeprecatedNamesSetWhatTheSharedOnesSet() {
        assertThat(SpNas.cpu().optChannels(24).optInputSize(128).settings())
                .isEqualTo(SpNas.cpu().optHeadChannels(24).optImageSize(128).settings())
                .isNotEqualTo(SpNas.cpu().settings());
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> SpNas.cpu().optHead("yolo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("head must be one of [fcos, retinanet, gfl, faster_rcnn], got 'yolo'");
        assertThatThrownBy(() -> SpNas.cpu().optSerialSamples(-1)).hasMessage("optSerialSamples: must be >= 0, got -1");
        assertThatThrownBy(() -> SpNas.cpu().optMaxStages(7)).hasMessageContaining("4..6");
        assertThatThrownBy(() -> SpNas.cpu().optMaxReignitions(3)).hasMessageContaining("0..2");
        assertThatThrownBy(() -> SpNas.cpu().optImageSize(20)).hasMessage("optImageSize: must be 32..8192, got 20");
        assertThatThrownBy(() -> SpNas.cpu().optExpandRatio(1.0)).hasMessage("optExpandRatio: must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> SpNas.cpu().optSeedArch(SpNasArch.parse("b_1-1-1-1-1-1_0-0-0-0-0-0")).optMaxStages(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optMaxStages: 5 is fewer than the 6 stages");
        // Copies are the search's to grow: a seed with some would be inherited into more.
        assertThatThrownBy(() -> SpNas.cpu().optSeedArch(SpNasArch.parseCodeOrArch("b_11-21-21-21_0-0-1-0", BlockType.BASIC)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--seed-arch").hasMessageContaining("parallel copies");
        assertThat(SpNas.builder().seedArch().encode()).isEqualTo("r_111-2111-211111-211_0-0-0-0");
        assertThat(SpNas.cpu().optWidth(16).build()).isNotNull();
        assertThat(SpNas.paper().head).isEqualTo("faster_rcnn");
        assertThat(SpNas.cpu().head).isEqualTo("fcos");
    }

    @Test
    void detectorLevelsFollowTheStageCount() {
        for (String arch : new String[] {"b_11-21-21-21_0-0-0-0", "b_11-21-21-21-1_0-0-0-0-0", "b_11-21-21-21-1-1_0-0-1-0-0-0"}) {
            for (String head : new String[] {"fcos", "retinanet", "gfl"}) {
                SpNasArch a = SpNasArch.parse(arch);
                DetectorSpec spec = new DetectorRecipe(head, 8, false, 16, 1, 64).spec(a);
                Detector d = spec.build(5);
                int stages = a.serialCode().stages();
                assertThat(d.neck().strides()).hasSize(stages + 1);
                assertThat(d.neck().strides().get(0)).isEqualTo(8);
                assertThat(d.neck().strides().get(stages)).isEqualTo(1 << (stages + 3));
                assertThat(CostModel.count(d, new Shape(1, 3, 64, 64)).params()).isPositive();
            }
            // Faster R-CNN (the reference): FPN on every stage, C2 (stride 4) .. C(L+1); the RPN pools one more level
            SpNasArch a = SpNasArch.parse(arch);
            Detector d = new DetectorRecipe("faster_rcnn", 8, false, 16, 1, 64).spec(a).build(5);
            int stages = a.serialCode().stages();
            assertThat(d.neck().strides()).hasSize(stages);
            assertThat(d.neck().strides().get(0)).isEqualTo(4);
            assertThat(d.neck().strides().get(stages - 1)).isEqualTo(1 << (stages + 1));
            try (NDManager m = NDManager.newBaseManager()) {
                d.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
                assertThat(d.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(1, 3, 64, 64))), false)).isNotEmpty();
            }
        }
    }
}
