package org.nas4det.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocDataTest {

    @TempDir Path root;

    @BeforeEach
    void layout() throws Exception {
        Files.createDirectories(root.resolve("Annotations"));
        Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.createDirectories(root.resolve("JPEGImages"));
    }

    private void image(String name, int w, int h, String objects) throws Exception {
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", root.resolve("JPEGImages/" + name + ".png").toFile());
        Files.writeString(root.resolve("Annotations/" + name + ".xml"),
                "<annotation><filename>" + name + ".png</filename><size><width>" + w + "</width><height>" + h
                        + "</height><depth>3</depth></size>" + objects + "</annotation>");
    }

    private static String object(String cls, int difficult, int x1, int y1, int x2, int y2) {
        return "<object><name>" + cls + "</name><difficult>" + difficult + "</difficult><bndbox><xmin>" + x1
                + "</xmin><ymin>" + y1 + "</ymin><xmax>" + x2 + "</xmax><ymax>" + y2 + "</ymax></bndbox></object>";
    }

    @Test
    void readsBoxesClassesAndDifficultFlags() throws Exception {
        image("000001", 50, 40, object("dog", 0, 1, 1, 20, 10) + object("person", 1, 30, 5, 50, 40));
        image("000002", 30, 30, object("tvmonitor", 0, 5, 5, 9, 9));
        Files.writeString(root.resolve("ImageSets/Main/trainval.txt"), "000001\n000002\n");
        DetectionData d = VocData.reader().read(root, "trainval");
        assertThat(d.categories().size()).isEqualTo(20);
        DetectionSample a = d.samples().get(0);
        assertThat(a.imageId()).isEqualTo(1);
        assertThat(a.boxes()).containsExactly(0f, 0f, 20f, 10f, 29f, 4f, 50f, 40f);
        assertThat(a.labels()).containsExactly(VocData.CLASSES.indexOf("dog"), VocData.CLASSES.indexOf("person"));
        assertThat(a.ignore()).containsExactly(false, true);
        assertThat(d.samples().get(1).labels()).containsExactly(19);
    }

    @Test
    void unknownClassAndMalformedXmlNameTheFile() throws Exception {
        image("000001", 50, 40, object("unicorn", 0, 1, 1, 20, 10));
        Files.writeString(root.resolve("ImageSets/Main/a.txt"), "000001\n");
        assertThatThrownBy(() -> VocData.reader().read(root, "a")).isInstanceOf(UnknownCategoryException.class)
                .hasMessageContaining("000001.xml").hasMessageContaining("unicorn");
        Files.writeString(root.resolve("Annotations/000002.xml"), "<annotation>\n<filename>x</filename>\n<size>");
        Files.writeString(root.resolve("ImageSets/Main/b.txt"), "000002\n");
        assertThatThrownBy(() -> VocData.reader().read(root, "b")).isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("000002.xml").hasMessageContaining("line 3");
    }

    @Test
    void doctypesAreRefusedSoNoEntityCanReadFiles() throws Exception {
        Files.writeString(root.resolve("Annotations/000003.xml"),
                "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><annotation>&x;</annotation>");
        Files.writeString(root.resolve("ImageSets/Main/c.txt"), "000003\n");
        assertThatThrownBy(() -> VocData.reader().read(root, "c")).isInstanceOf(MalformedAnnotationException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void splitEntriesThatLeaveTheRootAreRefused() throws Exception {
        Files.writeString(root.resolve("ImageSets/Main/d.txt"), "../../etc/passwd\n");
        assertThatThrownBy(() -> VocData.reader().read(root, "d")).isInstanceOf(PathEscapeException.class);
    }

    @Test
    void duplicateEntriesAndSkipMode() throws Exception {
        image("000001", 50, 40, object("dog", 0, 1, 1, 20, 10));
        image("000004", 50, 40, object("dog", 0, 1, 1, 80, 10));
        Files.writeString(root.resolve("ImageSets/Main/e.txt"), "000001\n000001\n000004\n");
        assertThatThrownBy(() -> VocData.reader().read(root, "e")).isInstanceOf(DuplicateImageIdException.class)
                .hasMessageContaining("line 2");
        DetectionData d = VocData.reader().optPolicy(BadRecordPolicy.SKIP).read(root, "e");
        assertThat(d.samples()).hasSize(1);
        assertThat(d.skipped()).containsEntry("DuplicateImageIdException", 1).containsEntry("InvalidBoxException", 1);
    }
}
