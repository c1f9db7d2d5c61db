package org.nas4det.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.nas4det.core.data.DetectionData;

/** Writes three-image COCO and VOC data sets for the tests that read them through Hadoop. */
final class TinyDetectionFiles {

    private TinyDetectionFiles() {}

    /** COCO: {@code annotations.json} and {@code images/} with ids 1..3, one box each. */
    static Path coco(Path root) throws IOException {
        Files.createDirectories(root.resolve("images"));
        StringBuilder images = new StringBuilder();
        StringBuilder anns = new StringBuilder();
        for (int id = 1; id <= 3; id++) {
            png(root.resolve("images/" + id + ".png"), 32 + id);
            images.append(id > 1 ? "," : "").append("{\"id\":").append(id).append(",\"file_name\":\"").append(id)
                    .append(".png\",\"width\":").append(32 + id).append(",\"height\":").append(32 + id).append('}');
            anns.append(id > 1 ? "," : "").append("{\"id\":").append(id).append(",\"image_id\":").append(id)
                    .append(",\"category_id\":7,\"bbox\":[1,2,").append(10 + id).append(",8]}");
        }
        Files.writeString(root.resolve("annotations.json"), "{\"images\":[" + images + "],\"annotations\":[" + anns
                + "],\"categories\":[{\"id\":7,\"name\":\"dog\"}]}");
        return root;
    }

    /** VOC: split {@code trainval} of images 000001..000003, one object each. */
    static Path voc(Path root) throws IOException {
        Files.createDirectories(root.resolve("Annotations"));
        Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.createDirectories(root.resolve("JPEGImages"));
        for (int i = 1; i <= 3; i++) {
            String name = "00000" + i;
            png(root.resolve("JPEGImages/" + name + ".png"), 40 + i);
            Files.writeString(root.resolve("Annotations/" + name + ".xml"), "<annotation><filename>" + name
                    + ".png</filename><size><width>" + (40 + i) + "</width><height>" + (40 + i) + "</height></size><object><name>"
                    + (i == 2 ? "dog" : "cat") + "</name><bndbox><xmin>2</xmin><ymin>3</ymin><xmax>" + (20 + i)
                    + "</xmax><ymax>30</ymax></bndbox></object></annotation>");
        }
        Files.writeString(root.resolve("ImageSets/Main/trainval.txt"), "000001\n000002\n000003\n");
        return root;
    }

    private static void png(Path file, int side) throws IOException {
        ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    /** @return each sample as id, size, boxes and labels: equal for the same data read from anywhere */
    static List<String> samples(DetectionData d) {
        return d.samples().stream().map(s -> s.imageId() + " " + s.width() + "x" + s.height() + " "
                + java.util.Arrays.toString(s.boxes()) + " " + java.util.Arrays.toString(s.labels())).collect(Collectors.toList());
    }
}
