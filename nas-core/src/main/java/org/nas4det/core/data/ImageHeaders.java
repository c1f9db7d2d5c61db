package org.nas4det.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads an image's size from its header, without decoding the pixels. */
final class ImageHeaders {

    private ImageHeaders() {}

    /**
     * Returns {@code {width, height}} of an image file.
     *
     * @param image the image
     * @param source the annotation file, for messages
     * @param record the record, for messages
     * @return width and height
     * @throws MissingImageException when the file is missing or not a decodable image
     */
    static int[] size(Path image, Path source, String record) {
        if (!Files.isRegularFile(image)) {
            throw new MissingImageException(source, record, "image file " + image + " does not exist");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new MissingImageException(
                        source, record, "image file " + image + " is not in a format that can be decoded");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw new MissingImageException(
                    source, record, "image file " + image + " cannot be read: " + e.getMessage(), e);
        }
    }
}
