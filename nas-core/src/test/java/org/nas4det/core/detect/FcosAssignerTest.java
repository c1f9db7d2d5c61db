package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class FcosAssignerTest {

    @Test
    void overlappingBoxesGoToTheSmallerOneInsideTheCentreRegion() {
        // 32x32 image, one level of stride 8: locations at 4, 12, 20, 28.
        Locations loc = Locations.of(new int[][] {{4, 4}}, new int[] {8});
        float[] boxes = {0, 0, 32, 32, /* B */ 8, 8, 24, 24};
        FcosAssigner.Targets t = new FcosAssigner(1.5f).assign(loc, boxes, new int[] {0, 1});
        int[] expected = {
            -1, -1, -1, -1,
            -1, 1, 1, -1,
            -1, 1, 1, -1,
            -1, -1, -1, -1
        };
        assertThat(t.labels).containsExactly(expected);
        assertThat(t.positives).isEqualTo(4);
        // (12, 12) in B = [8, 8, 24, 24]: l = t = 4, r = b = 12, over stride 8.
        int k = 5;
        assertThat(new float[] {t.regression[4 * k], t.regression[4 * k + 1], t.regression[4 * k + 2], t.regression[4 * k + 3]})
                .containsExactly(0.5f, 0.5f, 1.5f, 1.5f);
        assertThat(t.centerness[k]).isCloseTo(1f / 3, offset(1e-6f));
        // (20, 12): l = 12, t = 4, r = 4, b = 12.
        assertThat(t.regression[4 * 6]).isEqualTo(1.5f);
        assertThat(t.centerness[6]).isCloseTo(1f / 3, offset(1e-6f));
    }

    @Test
    void withoutCentreSamplingEveryInsideLocationIsACandidate() {
        Locations loc = Locations.of(new int[][] {{4, 4}}, new int[] {8});
        FcosAssigner.Targets t = new FcosAssigner(0).assign(loc, new float[] {0, 0, 32, 32, 8, 8, 24, 24}, new int[] {0, 1});
        // The corners are inside A only; the four inner locations prefer the smaller B.
        assertThat(t.labels[0]).isZero();
        assertThat(t.labels[15]).isZero();
        assertThat(t.labels[5]).isEqualTo(1);
        assertThat(t.positives).isEqualTo(16);
    }

    @Test
    void sizeRangesSendALargeBoxToTheCoarserLevel() {
        // 128x128 image, strides 8 and 16; two levels: ranges [-1, 64] and [64, 1e8].
        Locations loc = Locations.of(new int[][] {{16, 16}, {8, 8}}, new int[] {8, 16});
        FcosAssigner.Targets t = new FcosAssigner(1.5f).assign(loc, new float[] {0, 0, 128, 128}, new int[] {3});
        int onFine = 0;
        int onCoarse = 0;
        for (int k = 0; k < loc.size(); k++) {
            if (t.labels[k] == 3) {
                if (k < loc.end(0)) {
                    onFine++;
                } else {
                    onCoarse++;
                }
            }
        }
        // Fine level: locations 60 and 68 are in the centre region but their max distance 68 > 64.
        assertThat(onFine).isZero();
        // Coarse level: locations 56 and 72 in each direction, max distance 72 within [64, 1e8].
        assertThat(onCoarse).isEqualTo(4);
        int k = loc.start(1) + 3 * 8 + 3; // (56, 56)
        assertThat(t.labels[k]).isEqualTo(3);
        assertThat(t.regression[4 * k]).isEqualTo(56f / 16);
        assertThat(t.regression[4 * k + 2]).isEqualTo(72f / 16);
    }

    @Test
    void locationsSitAtTheCellCentres() {
        Locations loc = Locations.of(new int[][] {{2, 3}, {1, 2}}, new int[] {8, 16});
        assertThat(loc.size()).isEqualTo(8);
        assertThat(loc.x(0)).isEqualTo(4f);
        assertThat(loc.x(2)).isEqualTo(20f);
        assertThat(loc.y(3)).isEqualTo(12f);
        assertThat(loc.x(7)).isEqualTo(24f);
        assertThat(loc.y(7)).isEqualTo(8f);
    }
}
