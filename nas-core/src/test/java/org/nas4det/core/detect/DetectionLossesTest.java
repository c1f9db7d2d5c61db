package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DetectionLossesTest {

    @Test
    void focalLossMatchesHandValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] l = DetectionLosses.sigmoidFocal(m.create(new float[] {0, 0, 2}), m.create(new float[] {1, 0, 1}), 0.25f, 2f).toFloatArray();
            double ln2 = Math.log(2);
            assertThat((double) l[0]).isCloseTo(0.25 * 0.25 * ln2, offset(1e-6));
            assertThat((double) l[1]).isCloseTo(0.75 * 0.25 * ln2, offset(1e-6));
            double p = 1 / (1 + Math.exp(-2));
            assertThat((double) l[2]).isCloseTo(-0.25 * Math.pow(1 - p, 2) * Math.log(p), offset(1e-6));
            // Stable far from zero: no NaN or infinity.
            float[] far = DetectionLosses.sigmoidFocal(m.create(new float[] {-100, 100}), m.create(new float[] {1, 0}), 0.25f, 2f).toFloatArray();
            assertThat(far[0]).isCloseTo(25f, offset(1e-3f));
            assertThat(far[1]).isCloseTo(75f, offset(1e-3f));
        }
    }

    @Test
    void giouOfDistancesMatchesFcosFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] l = DetectionLosses.giouDistances(
                    m.create(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, new Shape(2, 4)),
                    m.create(new float[] {1, 1, 1, 1, 2, 2, 2, 2}, new Shape(2, 4))).toFloatArray();
            assertThat(l[0]).isCloseTo(0f, offset(1e-6f));
            // I = 4, U = 16, smoothed IoU (4+1)/(16+1); enclosing 16 = union: loss 12/17.
            assertThat(l[1]).isCloseTo(12f / 17, offset(1e-6f));
        }
    }

    @Test
    void giouOfCornersPenalisesDisjointBoxes() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] l = DetectionLosses.giouCorners(
                    m.create(new float[] {0, 0, 2, 2, 0, 0, 1, 1}, new Shape(2, 4)),
                    m.create(new float[] {0, 0, 2, 2, 2, 0, 3, 1}, new Shape(2, 4))).toFloatArray();
            assertThat(l[0]).isCloseTo(0f, offset(1e-6f));
            // disjoint unit boxes 1 apart: IoU 0, enclosing 3, union 2: GIoU = −1/3, loss 4/3
            assertThat(l[1]).isCloseTo(4f / 3, offset(1e-5f));
        }
    }

    @Test
    void bceAndSmoothL1() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] b = DetectionLosses.bceWithLogits(m.create(new float[] {0, 3}), m.create(new float[] {1f / 3, 1})).toFloatArray();
            assertThat((double) b[0]).isCloseTo(Math.log(2), offset(1e-6));
            assertThat((double) b[1]).isCloseTo(Math.log(1 + Math.exp(-3)), offset(1e-6));
            float[] s = DetectionLosses.smoothL1(m.create(new float[] {0.05f, 1f, -2f}), m.create(new float[] {0, 0, 0}), 0.1f).toFloatArray();
            assertThat(s[0]).isCloseTo(0.0125f, offset(1e-7f));
            assertThat(s[1]).isCloseTo(0.95f, offset(1e-6f));
            assertThat(s[2]).isCloseTo(1.95f, offset(1e-6f));
        }
    }
}
