package org.nas4det.core.data.shapes;

import com.google.common.base.Preconditions;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.nas4det.core.io.JsonText;
import org.nas4det.core.random.SeededRandom;

/**
 * The built-in synthetic shapes data set: five classes (circle, square, triangle, ellipse,
 * cross; category ids 1..5), generated deterministically from a seed and written in COCO format
 * (PNG images + instances JSON) with {@code train}, {@code val} and {@code holdout} splits drawn
 * from disjoint seeds, or as an image-folder classification set (one centred shape per image).
 *
 * <pre>{@code ShapesLayout d = SyntheticShapes.builder().imageSize(128).trainImages(200).seed(0).build().writeDetection(dir);}</pre>
 */
public final class SyntheticShapes {

    /** The split names, in seed order. */
    public static final List<String> SPLITS = List.of("train", "val", "holdout");

    private static final String META = "shapes.json";

    /** Largest image side the generator writes: a sanity cap, far above the quick start's 320 px. */
    public static final int MAX_IMAGE_SIZE = 4096;

    /** Most images of one split: a sanity cap (a billion would run for days), above any test set. */
    public static final int MAX_IMAGES = 1_000_000;

    private final int imageSize;
    private final int[] splitImages;
    private final long seed;

    private SyntheticShapes(Builder b) {
        this.imageSize = b.imageSize;
        this.splitImages = new int[] {b.train, b.val, b.holdout};
        this.seed = b.seed;
    }

    /** @return a builder: 128 px, 200 train / 50 val / 50 holdout images, seed 0 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the detection data set unless {@code out} already holds this exact one.
     *
     * @param out the folder
     * @return where each split is
     */
    public ShapesLayout ensureDetection(Path out) {
        if (!holds(out, "detection")) {
            writeDetection(out);
        }
        return new ShapesLayout(out);
    }

    /**
     * Writes the classification variant unless {@code out} already holds this exact one.
     *
     * @param out the folder; the splits are {@code out/train} and {@code out/val}
     */
    public void ensureClassification(Path out) {
        if (!holds(out, "classification")) {
            writeClassification(out);
        }
    }

    private boolean holds(Path out, String kind) {
        Path metaFile = out.resolve(META);
        try {
            return Files.exists(metaFile) && JsonParser.parseString(Files.readString(metaFile)).equals(meta(kind));
        } catch (IOException | RuntimeException e) {
            // unreadable metadata: write the set again
            return false;
        }
    }

    /**
     * Writes the detection data set: {@code annotations/instances_<split>.json} and
     * {@code <split>/<id>.png} for each split.
     *
     * @param out the folder
     * @return where each split is
     */
    public ShapesLayout writeDetection(Path out) {
        ShapesLayout layout = new ShapesLayout(out);
        try {
            Files.createDirectories(out.resolve("annotations"));
            for (int s = 0; s < SPLITS.size(); s++) {
                String split = SPLITS.get(s);
                Path dir = layout.images(split);
                Files.createDirectories(dir);
                removeEarlierImages(out, dir);
                long splitSeed = new SeededRandom(seed * 31 + s).nextLong();
                JsonArray images = new JsonArray();
                JsonArray anns = new JsonArray();
                long annId = 1;
                for (int i = 0; i < splitImages[s]; i++) {
                    long imageId = (long) s * 10_000_000L + i + 1;
                    ShapesRenderer.Scene scene =
                            ShapesRenderer.detectionScene(imageSize, new SeededRandom(splitSeed + 0x9E3779B97F4A7C15L * (i + 1)));
                    String name = String.format(Locale.ROOT, "%08d.png", imageId);
                    ImageIO.write(scene.image, "png", dir.resolve(name).toFile());
                    JsonObject img = new JsonObject();
                    img.addProperty("id", imageId);
                    img.addProperty("file_name", name);
                    img.addProperty("width", imageSize);
                    img.addProperty("height", imageSize);
                    images.add(img);
                    for (ShapesRenderer.Drawn d : scene.objects) {
                        JsonObject a = new JsonObject();
                        a.addProperty("id", annId++);
                        a.addProperty("image_id", imageId);
                        a.addProperty("category_id", d.kind.categoryId());
                        JsonArray box = new JsonArray();
                        box.add(d.x0);
                        box.add(d.y0);
                        box.add(d.x1 - d.x0);
                        box.add(d.y1 - d.y0);
                        a.add("bbox", box);
                        a.addProperty("area", d.visible);
                        a.addProperty("iscrowd", 0);
                        anns.add(a);
                    }
                }
                JsonObject coco = new JsonObject();
                JsonObject info = new JsonObject();
                info.addProperty("description", "nas4det synthetic shapes, split " + split);
                info.addProperty("seed", seed);
                coco.add("info", info);
                coco.add("images", images);
                coco.add("annotations", anns);
                coco.add("categories", categories());
                Files.writeString(layout.annotations(split), coco.toString(), StandardCharsets.UTF_8);
            }
            Files.writeString(out.resolve(META), JsonText.prettyText(meta("detection")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shapes data set to " + out, e);
        }
        return layout;
    }

    /**
     * Writes the classification variant: {@code <split>/<class>/<n>.png} for the train and val
     * splits, the builder's per-split counts taken as images per class.
     *
     * @param out the folder
     */
    public void writeClassification(Path out) {
        try {
            for (int s = 0; s < 2; s++) {
                String split = SPLITS.get(s);
                for (ShapeKind kind : ShapeKind.values()) {
                    removeEarlierImages(out, out.resolve(split).resolve(kind.label()));
                }
                long splitSeed = new SeededRandom(seed * 31 + 7 + s).nextLong();
                int classes = ShapeKind.values().length;
                for (int i = 0; i < splitImages[s] * classes; i++) {
                    ShapeKind kind = ShapeKind.values()[i % classes];
                    Path dir = out.resolve(split).resolve(kind.label());
                    Files.createDirectories(dir);
                    ShapesRenderer.Scene scene =
                            ShapesRenderer.classificationScene(
                                    imageSize, kind, new SeededRandom(splitSeed + 0x9E3779B97F4A7C15L * (i + 1)));
                    ImageIO.write(scene.image, "png", dir.resolve(String.format(Locale.ROOT, "%08d.png", i + 1)).toFile());
                }
            }
            Files.writeString(out.resolve(META), JsonText.prettyText(meta("classification")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shapes classification set to " + out, e);
        }
    }

    /**
     * Removes the images an earlier, other set wrote into a folder (names of eight digits), so a
     * smaller set written over a larger one leaves none behind: an image folder is read by
     * listing it. Only where a set of ours was (its metadata file): other files are left alone.
     */
    private static void removeEarlierImages(Path out, Path dir) throws IOException {
        if (!Files.exists(out.resolve(META)) || !Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().matches("\\d{8}\\.png")) {
                    Files.delete(f);
                }
            }
        }
    }

    private JsonObject meta(String kind) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        o.addProperty("format", 1);
        o.addProperty("image_size", imageSize);
        o.addProperty("seed", seed);
        for (int s = 0; s < SPLITS.size(); s++) {
            o.addProperty(SPLITS.get(s) + "_images", splitImages[s]);
        }
        return o;
    }

    private static JsonArray categories() {
        JsonArray cats = new JsonArray();
        for (ShapeKind k : ShapeKind.values()) {
            JsonObject c = new JsonObject();
            c.addProperty("id", k.categoryId());
            c.addProperty("name", k.label());
            c.addProperty("supercategory", "shape");
            cats.add(c);
        }
        return cats;
    }

    /** Builds {@link SyntheticShapes}. */
    public static final class Builder {
        private int imageSize = 128;
        private int train = 200;
        private int val = 50;
        private int holdout = 50;
        private long seed;

        private Builder() {}

        /**
         * Sets the image side in pixels (default 128; 320 for the quick start).
         *
         * @param px side, at least 32 and at most {@value SyntheticShapes#MAX_IMAGE_SIZE}
         * @return this builder
         */
        public Builder imageSize(int px) {
            this.imageSize = px;
            return this;
        }

        /**
         * Sets the number of training images.
         *
         * @param n images
         * @return this builder
         */
        public Builder trainImages(int n) {
            this.train = n;
            return this;
        }

        /**
         * Sets the number of validation images.
         *
         * @param n images
         * @return this builder
         */
        public Builder valImages(int n) {
            this.val = n;
            return this;
        }

        /**
         * Sets the number of holdout images.
         *
         * @param n images
         * @return this builder
         */
        public Builder holdoutImages(int n) {
            this.holdout = n;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return the generator */
        public SyntheticShapes build() {
            Preconditions.checkArgument(imageSize >= 32, "image size must be >= 32 px, got %s", imageSize);
            // A side of 10^5 px overflows the renderer's int pixel buffer; the set is a small test set.
            Preconditions.checkArgument(imageSize <= MAX_IMAGE_SIZE, "image size must be at most %s px, got %s", MAX_IMAGE_SIZE, imageSize);
            Preconditions.checkArgument(train >= 0 && val >= 0 && holdout >= 0, "image counts must be >= 0");
            Preconditions.checkArgument(train <= MAX_IMAGES && val <= MAX_IMAGES && holdout <= MAX_IMAGES,
                    "image counts must be at most %s per split, got %s/%s/%s", MAX_IMAGES, train, val, holdout);
            return new SyntheticShapes(this);
        }
    }
}
