package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.detect.DetectorSpec;

/** Builder validation, presets, and detectors sized from the stage count. */
class SpNasBuilderTest {

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> SpNas.cpu().optHead("yolo").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yolo' is not a head");
        assertThatThrownBy(() -> SpNas.cpu().optSerialSamples(-1)).hasMessageContaining("serial samples");
        assertThatThrownBy(() -> SpNas.cpu().optMaxStages(7)).hasMessageContaining("4..6");
        assertThatThrownBy(() -> SpNas.cpu().optMaxReignitions(3)).hasMessageContaining("0..2");
        assertThatThrownBy(() -> SpNas.cpu().optExpandRatio(1.0)).hasMessageContaining("expand ratio");
        assertThatThrownBy(() -> SpNas.cpu().optSeedArch(SpNasArch.parse("b_1-1-1-1-1-1_0-0-0-0-0-0")).optMaxStages(5).build())
                .hasMessageContaining("more stages");
        assertThat(SpNas.builder().seedArch().encode()).isEqualTo("r_111-2111-211111-211_0-0-0-0");
        assertThat(SpNas.cpu().optWidth(16).build()).isNotNull();
    }

    @Test
    void detectorLevelsFollowTheStageCount() {
        for (String arch : new String[] {"b_11-21-21-21_0-0-0-0", "b_11-21-21-21-1_0-0-0-0-0", "b_11-21-21-21-1-1_0-0-1-0-0-0"}) {
            for (String head : new String[] {"fcos", "retinanet"}) {
                SpNasArch a = SpNasArch.parse(arch);
                DetectorSpec spec = new DetectorRecipe(head, 8, false, 16, 1, 64).spec(a);
                Detector d = spec.build(5);
                int stages = a.serialCode().stages();
                assertThat(d.neck().strides()).hasSize(stages + 1);
                assertThat(d.neck().strides().get(0)).isEqualTo(8);
                assertThat(d.neck().strides().get(stages)).isEqualTo(1 << (stages + 3));
                assertThat(CostModel.count(d, new Shape(1, 3, 64, 64)).params()).isPositive();
            }
        }
    }
}
