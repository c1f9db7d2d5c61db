package org.nas4det.core.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SeededFlipLeftRightTest {

    private static final int H = 2;
    private static final int W = 3;
    private static final int C = 2;

    /** An HWC image whose every element is distinct: value = 100 h + 10 w + c. */
    private static NDArray image(NDManager m) {
        float[] v = new float[H * W * C];
        for (int h = 0; h < H; h++) {
            for (int w = 0; w < W; w++) {
                for (int c = 0; c < C; c++) {
                    v[(h * W + w) * C + c] = 100 * h + 10 * w + c;
                }
            }
        }
        return m.create(v, new Shape(H, W, C));
    }

    @Test
    void aFlipMirrorsTheWidthAxisElementByElement() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = new SeededFlipLeftRight(1, 0).transform(image(m)).toFloatArray();
            for (int h = 0; h < H; h++) {
                for (int w = 0; w < W; w++) {
                    for (int c = 0; c < C; c++) {
                        // Pixel (h, w) comes from (h, W - 1 - w); rows and channels stay.
                        assertThat(out[(h * W + w) * C + c]).isEqualTo(100 * h + 10 * (W - 1 - w) + c);
                    }
                }
            }
        }
    }

    @Test
    void probabilityZeroKeepsTheImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = image(m);
            assertThat(new SeededFlipLeftRight(0, 0).transform(x).toFloatArray()).containsExactly(x.toFloatArray());
        }
    }

    @Test
    void drawsAreAFunctionOfTheSampleSeedAndAboutHalfFlip() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = image(m);
            float first = x.toFloatArray()[0];
            SeededFlipLeftRight a = new SeededFlipLeftRight(0.5, 1);
            SeededFlipLeftRight b = new SeededFlipLeftRight(0.5, 2);
            int flipped = 0;
            for (long s = 0; s < 400; s++) {
                a.reseed(s);
                b.reseed(s);
                boolean fa = a.transform(x).toFloatArray()[0] != first;
                boolean fb = b.transform(x).toFloatArray()[0] != first;
                assertThat(fa).as("sample seed %d", s).isEqualTo(fb);
                flipped += fa ? 1 : 0;
            }
            // Binomial(400, 0.5): 200 ± 40 is beyond 4 standard deviations (10) either way.
            assertThat(flipped).isBetween(160, 240);
        }
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        assertThatThrownBy(() -> new SeededFlipLeftRight(1.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeededFlipLeftRight(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
