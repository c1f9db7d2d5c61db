package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnchorsAndNmsTest {

    @Test
    void iouAssignmentWithLowQualityMatches() {
        float[] anchors = {
            0, 0, 10, 10, // IoU 1 with G1: positive
            5, 5, 15, 15, // 25/175: negative
            100, 100, 110, 110, // nothing: negative
            0, 0, 10, 12, // 100/120 = 0.83: positive
            52, 52, 62, 62, // 64/136 = 0.47 with G2: ignore, but G2's best: positive
            50, 50, 62, 58 // 80/(100+96-80) = 0.69 with G2 ... positive
        };
        float[] gts = {0, 0, 10, 10, 50, 50, 60, 60};
        int[] m = new AnchorAssigner(0.5f, 0.4f).assign(anchors, gts);
        assertThat(m).containsExactly(0, AnchorAssigner.NEGATIVE, AnchorAssigner.NEGATIVE, 0, AnchorAssigner.IGNORE, 1);
        float[] onlyLow = {0, 0, 10, 10, 52, 52, 62, 62};
        int[] m2 = new AnchorAssigner(0.5f, 0.4f).assign(onlyLow, new float[] {50, 50, 60, 60});
        assertThat(m2).containsExactly(AnchorAssigner.NEGATIVE, 0);
    }

    @Test
    void anchorsHaveNineShapesOfTheRightAreaAndCodingRoundTrips() {
        Locations loc = Locations.of(new int[][] {{1, 1}}, new int[] {8});
        float[] a = Anchors.generate(loc);
        assertThat(a).hasSize(9 * 4);
        for (int i = 0; i < 9; i++) {
            float w = a[4 * i + 2] - a[4 * i];
            float h = a[4 * i + 3] - a[4 * i + 1];
            double scale = Math.pow(2, (i % 3) / 3.0);
            assertThat((double) w * h).isCloseTo(Math.pow(32 * scale, 2), offset(1e-2));
            assertThat((a[4 * i] + a[4 * i + 2]) / 2).isCloseTo(4f, offset(1e-5f));
        }
        assertThat((a[3] - a[1]) / (a[2] - a[0])).isCloseTo(0.5f, offset(1e-5f));
        float[] box = {-3, 1, 20, 30};
        float[] d = new float[4];
        Anchors.encode(a, 4, box, 0, d, 0);
        assertThat(Anchors.decode(a, 4, d, 0)).containsExactly(box, offset(1e-4f));
    }

    @Test
    void classWiseNmsMatchesABruteForceReference() {
        Random r = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 60;
            float[] boxes = new float[4 * n];
            float[] scores = new float[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                float x = r.nextFloat() * 50;
                float y = r.nextFloat() * 50;
                boxes[4 * i] = x;
                boxes[4 * i + 1] = y;
                boxes[4 * i + 2] = x + 5 + r.nextFloat() * 20;
                boxes[4 * i + 3] = y + 5 + r.nextFloat() * 20;
                scores[i] = (r.nextInt(10) - trial % 2 * 5) / 10f; // many ties; negative ones in odd trials
                labels[i] = r.nextInt(3);
            }
            int[] got = Nms.classWise(boxes, scores, labels, 0.5f, 0);
            assertThat(got).containsExactly(bruteForce(boxes, scores, labels, 0.5f));
            int[] top = Nms.classWise(boxes, scores, labels, 0.5f, 7);
            assertThat(top).containsExactly(Arrays.copyOf(got, Math.min(7, got.length)));
        }
    }

    private static int[] bruteForce(float[] b, float[] s, int[] l, float thr) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -s[i]));
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
            boolean ok = true;
            for (int k : kept) {
                if (l[k] == l[i] && iou(b, i, k) > thr) {
                    ok = false;
                }
            }
            if (ok) {
                kept.add(i);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double iou(float[] b, int i, int j) {
        double w = Math.max(0, Math.min(b[4 * i + 2], b[4 * j + 2]) - Math.max(b[4 * i], b[4 * j]));
        double h = Math.max(0, Math.min(b[4 * i + 3], b[4 * j + 3]) - Math.max(b[4 * i + 1], b[4 * j + 1]));
        double ai = (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
        double aj = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
        return w * h / (ai + aj - w * h);
    }
}
