package org.nas4det.core.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    private static BufferedImage roundTrip(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngEncoder.write(img, out);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back).as("ImageIO reads it").isNotNull();
        return back;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int e = expected.getRGB(x, y) & 0xFFFFFF;
                int a = actual.getRGB(x, y) & 0xFFFFFF;
                if (a != e) {
                    throw new AssertionError(String.format("pixel (%d, %d): %06x, expected %06x", x, y, a, e));
                }
            }
        }
    }

    private static BufferedImage random(int w, int h, int type, long seed) {
        Random rng = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rng.nextInt());
            }
        }
        return img;
    }

    @Test
    void randomRgbImagesOfSeveralSizesReadBackExactly() throws Exception {
        int[][] sizes = {{1, 1}, {7, 3}, {3, 7}, {64, 33}, {800, 500}};
        for (int[] s : sizes) {
            BufferedImage img = random(s[0], s[1], BufferedImage.TYPE_INT_RGB, s[0] * 31L + s[1]);
            assertSamePixels(img, roundTrip(img));
        }
    }

    @Test
    void otherImageTypesKeepTheirColoursAndLoseAlpha() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage img = random(37, 21, type, type);
            BufferedImage back = roundTrip(img);
            assertSamePixels(img, back);
            assertThat(back.getColorModel().hasAlpha()).isFalse();
        }
    }

    @Test
    void aSubImageIsWrittenAsItsOwnPixels() throws Exception {
        BufferedImage big = random(50, 40, BufferedImage.TYPE_INT_RGB, 5);
        BufferedImage part = big.getSubimage(10, 5, 20, 30);
        assertSamePixels(part, roundTrip(part));
    }
}
