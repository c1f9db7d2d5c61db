package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.core.eval.ImageDetections;

class FcosDecodeTest {

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }

    @Test
    void decodesDistancesTimesStrideWithSqrtScoresAndClipping() {
        try (NDManager m = NDManager.newBaseManager()) {
            FcosHead head = new FcosHead(ConvTowers.fcos(8, 1), 2, 1);
            Locations loc = Locations.of(new int[][] {{2, 2}}, new int[] {8});
            float low = logit(0.01);
            // Location 1 = (12, 4): class 1 with p 0.9; location 2 = (4, 12): class 0 with p 0.04 (below 0.05).
            float[] cls = {low, low, low, logit(0.9), logit(0.04), low, low, low};
            float[] reg = {0, 0, 0, 0, 1, 0.25f, 2, 3, 1, 1, 1, 1, 0, 0, 0, 0};
            float[] ctr = {0, logit(0.4), 0, 0};
            NDList out = new NDList(m.create(cls, new Shape(1, 4, 2)), m.create(reg, new Shape(1, 4, 4)), m.create(ctr, new Shape(1, 4)));
            NDList targets = new NDList(m.zeros(new Shape(1, 1, 4)), m.create(new int[] {-1}, new Shape(1, 1)),
                    m.create(new float[] {16, 30, 1, 1, 16, 30}, new Shape(1, 6)), m.create(new long[] {9}));
            List<ImageDetections> d = head.decode(out, targets, loc);
            assertThat(d.get(0).size()).isEqualTo(1);
            assertThat(d.get(0).labels()).containsExactly(1);
            assertThat(d.get(0).scores()[0]).isCloseTo((float) Math.sqrt(0.9 * 0.4), offset(1e-5f));
            // (12 − 8, 4 − 2, 12 + 16, 4 + 24) clipped to the 30 x 16 content: (4, 2, 28, 16).
            assertThat(d.get(0).boxes()).containsExactly(new float[] {4, 2, 28, 16}, offset(1e-5f));
        }
    }
}
