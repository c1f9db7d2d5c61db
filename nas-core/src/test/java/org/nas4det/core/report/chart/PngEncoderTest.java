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
    void everyChunkHasItsLengthAndCrcAndTheStreamEndsWithIend() throws Exception {
        // ImageIO ignores CRCs: they are checked here, chunk by chunk, as the PNG specification defines them.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngEncoder.write(random(64, 33, BufferedImage.TYPE_INT_RGB, 9), out);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out.toByteArray()); // big-endian
        byte[] signature = new byte[8];
        b.get(signature);
        assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        java.util.List<String> types = new java.util.ArrayList<>();
        while (b.hasRemaining()) {
            int length = b.getInt();
            byte[] typeAndData = new byte[4 + length];
            b.get(typeAndData);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(typeAndData);
            String type = new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(b.getInt() & 0xFFFFFFFFL).as("CRC of %s", type).isEqualTo(crc.getValue());
            types.add(type);
        }
        assertThat(types.get(0)).isEqualTo("IHDR");
        assertThat(types.get(types.size() - 1)).isEqualTo("IEND");
        assertThat(types).contains("IDAT");
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
