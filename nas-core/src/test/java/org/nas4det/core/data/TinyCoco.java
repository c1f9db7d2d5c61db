package org.nas4det.core.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Builds small COCO-format data sets on disk for tests, one problem at a time. */
final class TinyCoco {

    final Path root;
    final JsonObject json = new JsonObject();
    final JsonArray images = new JsonArray();
    final JsonArray annotations = new JsonArray();
    final JsonArray categories = new JsonArray();

    TinyCoco(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("images"));
        json.add("images", images);
        json.add("annotations", annotations);
        json.add("categories", categories);
        category(3, "cat").category(7, "dog").category(42, "bird");
    }

    TinyCoco category(long id, String name) {
        JsonObject c = new JsonObject();
        c.addProperty("id", id);
        c.addProperty("name", name);
        categories.add(c);
        return this;
    }

    TinyCoco image(long id, String file, int w, int h) throws IOException {
        return image(id, file, w, h, w, h);
    }

    /** Declares an image of one size and writes a PNG of another (to test mismatches). */
    TinyCoco image(long id, String file, int w, int h, int actualW, int actualH) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("file_name", file);
        o.addProperty("width", w);
        o.addProperty("height", h);
        images.add(o);
        Path p = root.resolve("images").resolve(file).normalize();
        if (p.startsWith(root.resolve("images")) && actualW > 0) {
            Files.createDirectories(p.getParent());
            ImageIO.write(new BufferedImage(actualW, actualH, BufferedImage.TYPE_INT_RGB), "png", p.toFile());
        }
        return this;
    }

    TinyCoco ann(long id, long image, long cat, double x, double y, double w, double h, boolean crowd) {
        JsonObject a = new JsonObject();
        a.addProperty("id", id);
        a.addProperty("image_id", image);
        a.addProperty("category_id", cat);
        JsonArray b = new JsonArray();
        b.add(x);
        b.add(y);
        b.add(w);
        b.add(h);
        a.add("bbox", b);
        a.addProperty("area", w * h);
        a.addProperty("iscrowd", crowd ? 1 : 0);
        annotations.add(a);
        return this;
    }

    Path write() throws IOException {
        Path f = root.resolve("instances.json");
        Files.writeString(f, json.toString());
        return f;
    }

    DetectionData read() throws IOException {
        return CocoData.reader().read(write(), root.resolve("images"));
    }
}
