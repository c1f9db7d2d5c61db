package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Faster R-CNN's pieces against values computed by hand (torchvision's conventions). */
class FasterRcnnPiecesTest {

    @Test
    void anchorsAreTorchvisionsRoundedCellAnchorsShiftedByTheStride() {
        // size 32: ratio 0.5 → w = 32·√2 = 45.25, h = 22.63 → round(±22.63) = ±23, round(±11.31) = ±11
        float[] a = TwoStageBoxes.anchors(new int[][] {{1, 2}}, new int[] {4}, new float[] {32});
        assertThat(a).containsExactly(
                -23, -11, 23, 11, -16, -16, 16, 16, -11, -23, 11, 23,
                -19, -11, 27, 11, -12, -16, 20, 16, -7, -23, 15, 23);
    }

    @Test
    void boxCodingByHandAndRoundTrip() {
        float[] ref = {0, 0, 10, 20};
        float[] box = {5, 5, 15, 25};
        float[] w = {10, 10, 5, 5};
        float[] d = new float[4];
        // centres (5, 10) → (10, 15), sizes equal: (10·5/10, 10·5/20, 0, 0)
        TwoStageBoxes.encode(ref, 0, box, 0, w, d, 0);
        assertThat(d).containsExactly(new float[] {5f, 2.5f, 0f, 0f}, within(1e-6f));
        float[] other = {-3, 4, 40, 9};
        TwoStageBoxes.encode(ref, 0, other, 0, w, d, 0);
        float[] back = new float[4];
        TwoStageBoxes.decode(ref, 0, d, 0, w, back, 0);
        assertThat(back).containsExactly(other, within(1e-4f));
    }

    @Test
    void canonicalLevelMapping() {
        float[] boxes = {0, 0, 224, 224, 0, 0, 112, 112, 0, 0, 448, 448, 0, 0, 10, 10, 0, 0, 2000, 2000, 0, 0, 223, 224, 0, 0, 56, 896};
        int[] expected = {4, 3, 5, 2, 5, 3, 4}; // √(56·896) = 224
        for (int i = 0; i < expected.length; i++) {
            assertThat(TwoStageBoxes.level(boxes, i, 224, 4, 2, 5)).as("box %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void rpnAssignmentWithLowQualityMatches() {
        // gt 0 (0,0,10,10): anchor 0 IoU 1 → positive; anchor 1 IoU 0.5 → ignored; anchor 2 IoU 0.1 → negative;
        // gt 1 (50,50,60,60): its best anchor 3 has IoU 0.5 < 0.7 but is positive as a low-quality match.
        float[] anchors = {0, 0, 10, 10, 0, 0, 10, 20, 0, 0, 10, 100, 50, 50, 60, 70};
        float[] gt = {0, 0, 10, 10, 50, 50, 60, 60};
        int[] match = new AnchorAssigner(0.7f, 0.3f).assign(anchors, gt);
        assertThat(match).containsExactly(0, AnchorAssigner.IGNORE, AnchorAssigner.NEGATIVE, 1);
        // the RoI matcher has no ignore band and no low-quality matches
        assertThat(FasterRcnnHead.matchWithoutLowQuality(anchors, gt, 0.5f)).containsExactly(0, 0, -1, 1);
    }

    @Test
    void balancedSamplingCapsPositivesAndFillsWithNegatives() {
        int[] labels = new int[1100];
        Arrays.fill(labels, AnchorAssigner.NEGATIVE);
        for (int i = 0; i < 10; i++) {
            labels[i * 7] = 0;
        }
        labels[1] = AnchorAssigner.IGNORE;
        int[] few = TwoStageBoxes.sample(labels, 256, 0.5f, new Random(0));
        assertThat(few[few.length - 1]).isEqualTo(10);
        assertThat(few).hasSize(257);
        assertThat(Arrays.stream(few, 0, 10).allMatch(i -> labels[i] >= 0)).isTrue();
        assertThat(Arrays.stream(few, 10, 256).allMatch(i -> labels[i] == AnchorAssigner.NEGATIVE)).isTrue();
        assertThat(Arrays.stream(few, 0, 256).distinct().count()).isEqualTo(256);
        for (int i = 0; i < 300; i++) {
            labels[i] = 1;
        }
        int[] many = TwoStageBoxes.sample(labels, 256, 0.5f, new Random(0));
        assertThat(many[many.length - 1]).isEqualTo(128);
        assertThat(many).hasSize(257);
        int[] rois = TwoStageBoxes.sample(labels, 512, 0.25f, new Random(0));
        assertThat(rois[rois.length - 1]).isEqualTo(128);
        assertThat(rois).hasSize(513);
    }

    @Test
    void proposalsTakeTopKPerLevelThenNmsWithinALevel() {
        // anchors A (0,0,10,10), B (0,0,10,11) (IoU(A, B) = 100/110 > 0.7), C (20,20,30,30); zero deltas
        float[] anchors = {0, 0, 10, 10, 0, 0, 10, 11, 20, 20, 30, 30};
        float[][] size = {{100, 100}};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray obj = m.create(new float[] {1, 2, 0}, new Shape(1, 3));
            NDArray deltas = m.zeros(new Shape(1, 3, 4));
            float[][] p = RegionProposals.propose(obj, deltas, anchors, new int[] {3}, size, 10, 10, 0.7f);
            assertThat(p[0]).containsExactly(0, 0, 10, 11, 20, 20, 30, 30);
            // top 2 per level (B, A) before NMS: only B survives
            p = RegionProposals.propose(obj, deltas, anchors, new int[] {3}, size, 2, 10, 0.7f);
            assertThat(p[0]).containsExactly(0, 0, 10, 11);
            // A alone on a second level: not suppressed by B
            p = RegionProposals.propose(obj, deltas, anchors, new int[] {1, 2}, size, 10, 10, 0.7f);
            assertThat(p[0]).hasSize(12);
            // post-NMS cap and clipping to the image
            p = RegionProposals.propose(obj, deltas, anchors, new int[] {3}, new float[][] {{25, 25}}, 10, 1, 0.7f);
            assertThat(p[0]).containsExactly(0, 0, 10, 11);
            p = RegionProposals.propose(m.create(new float[] {0, 0, 5}, new Shape(1, 3)), deltas, anchors, new int[] {3},
                    new float[][] {{25, 25}}, 10, 1, 0.7f);
            assertThat(p[0]).containsExactly(20, 20, 25, 25);
        }
    }

    @Test
    void multiScalePoolingUsesEachRoisLevelAndKeepsTheOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            // P2..P5 of two 256² images, each filled with its level number (+ 10 in the second image)
            NDList pyramid = new NDList();
            for (int k = 2; k <= 5; k++) {
                Shape s = new Shape(1, 2, 256 >> k, 256 >> k);
                pyramid.add(m.full(s, (float) k).concat(m.full(s, k + 10f)));
            }
            float[] rois = {0, 0, 0, 224, 224, 0, 10, 10, 30, 30, 1, 0, 0, 250, 250, 0, 20, 20, 132, 132,
                1, 300, 300, 400, 400};
            NDArray out = MultiScaleRoiAlign.pool(pyramid, new int[] {4, 8, 16, 32}, rois, 7, 2, 224, 4, null);
            assertThat(out.getShape()).isEqualTo(new Shape(5, 2, 7, 7));
            float[] v = out.reshape(5, -1).mean(new int[] {1}).toFloatArray();
            // the last RoI lies wholly outside the map: zero
            assertThat(v).containsExactly(new float[] {4, 2, 14, 3, 0}, within(1e-5f));
        }
    }
}
