package org.nas4det.core.report.chart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG writer: 8-bit RGB (alpha is dropped), every row with the Sub filter, one IDAT
 * chunk. ImageIO's writer tries every filter on every row to pick the best, which costs more
 * than the whole drawing of a chart; on a chart's long runs of one colour, Sub alone does about
 * as well.
 *
 * <pre>{@code PngEncoder.write(image, Files.newOutputStream(path));}</pre>
 */
public final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte FILTER_SUB = 1;

    private PngEncoder() {}

    /**
     * Writes an image as PNG.
     *
     * @param image the image (any type; its alpha is not kept)
     * @param out where to (left open)
     * @throws IOException when writing fails
     */
    public static void write(BufferedImage image, OutputStream out) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        out.write(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, w);
        putInt(header, 4, h);
        header[8] = 8; // bits per sample
        header[9] = 2; // colour type: RGB
        // compression, filter method and interlace: 0 (the only ones defined, no interlace)
        chunk(out, "IHDR", header, header.length);
        byte[] raw = filteredRows(image, w, h);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream(raw.length / 8 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) {
                int k = deflater.deflate(buf);
                packed.write(buf, 0, k);
            }
            chunk(out, "IDAT", packed.toByteArray(), packed.size());
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
    }

    /** @return the rows, each a filter byte then its pixels as differences to the pixel on its left */
    private static byte[] filteredRows(BufferedImage image, int w, int h) {
        int[] pixels = packedPixels(image);
        int[] row = pixels == null ? new int[w] : null;
        int stride = 1 + 3 * w;
        byte[] raw = new byte[h * stride];
        for (int y = 0; y < h; y++) {
            int[] src = pixels;
            int off = y * w;
            if (pixels == null) {
                image.getRGB(0, y, w, 1, row, 0, w);
                src = row;
                off = 0;
            }
            int o = y * stride;
            raw[o++] = FILTER_SUB;
            int prev = 0;
            for (int x = 0; x < w; x++) {
                int p = src[off + x];
                raw[o++] = (byte) ((p >> 16) - (prev >> 16));
                raw[o++] = (byte) ((p >> 8) - (prev >> 8));
                raw[o++] = (byte) (p - prev);
                prev = p;
            }
        }
        return raw;
    }

    /** @return the image's own pixel array when it is packed RGB without padding, else null */
    private static int[] packedPixels(BufferedImage image) {
        int type = image.getType();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && image.getRaster().getDataBuffer() instanceof DataBufferInt data
                && image.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == image.getWidth()
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && data.getNumBanks() == 1
                && data.getOffset() == 0) {
            return data.getData();
        }
        return null;
    }

    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, head, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        out.write(head);
        out.write(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
