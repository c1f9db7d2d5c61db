package org.nas4det.core.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a COCO-format detection data set (instances JSON + image folder) and checks every record:
 * duplicate image or annotation ids, file names that leave the root, missing or undecodable images, sizes that
 * differ from the declared ones, unknown categories, boxes with non-positive size or outside the
 * image (clipped within 1 px, else rejected). Category ids map to contiguous indices.
 *
 * <pre>{@code DetectionData d = CocoData.reader().optPolicy(BadRecordPolicy.SKIP).read(json, imageDir);}</pre>
 */
public final class CocoData {

    /** Boxes may overhang the image by this much and are clipped; more is an error. */
    static final float TOLERANCE_PX = 1f;

    /** Largest image side accepted in an annotation file: a sanity bound, far above any real photo. */
    static final long MAX_SIDE = 1L << 16;

    private BadRecordPolicy policy = BadRecordPolicy.FAIL;
    private boolean verifyImages = true;

    private CocoData() {}

    /** @return a reader that fails on the first bad record and checks image headers */
    public static CocoData reader() {
        return new CocoData();
    }

    /**
     * Sets what to do with bad records.
     *
     * @param p the policy
     * @return this reader
     */
    public CocoData optPolicy(BadRecordPolicy p) {
        this.policy = java.util.Objects.requireNonNull(p, "optPolicy: null");
        return this;
    }

    /**
     * Sets whether to open every image header (existence, format, size) while reading.
     *
     * @param v true to check (default)
     * @return this reader
     */
    public CocoData optVerifyImages(boolean v) {
        this.verifyImages = v;
        return this;
    }

    /**
     * Reads and checks the data set.
     *
     * @param annotations the instances JSON
     * @param images the image folder the file names are relative to
     * @return the data
     */
    public DetectionData read(Path annotations, Path images) {
        return read(annotations, images, null);
    }

    /**
     * Reads the images with the given ids only (a worker holds only their files); the others are
     * declared but left out, with their annotations.
     *
     * @param annotations the instances JSON
     * @param images the image folder
     * @param only the ids to read, or null for all
     * @return the data, its origin the files read (a subset's origin is the caller's)
     */
    DetectionData read(Path annotations, Path images, Set<Long> only) {
        JsonElement rootEl = CocoRecords.parse(annotations);
        if (!rootEl.isJsonObject()) {
            throw new MalformedAnnotationException(annotations, null, "expected a JSON object");
        }
        JsonObject root = rootEl.getAsJsonObject();
        RecordChecker check = new RecordChecker(policy, annotations);
        DataRoot dataRoot = DataRoot.of(images);

        CategoryMap cats = categories(annotations, root);

        Map<Long, ImageEntry> entries = new LinkedHashMap<>();
        // Every declared id, kept or skipped: an annotation of a skipped image goes with it.
        Set<Long> declared = new HashSet<>();
        JsonArray imgs = list(annotations, root, "images");
        for (int i = 0; i < imgs.size(); i++) {
            String rec = "images[" + i + "]";
            try {
                JsonElement e = imgs.get(i);
                long id = CocoRecords.id(annotations, rec, e, "id");
                declared.add(id);
                rec = "image " + id;
                if (entries.containsKey(id)) {
                    throw new DuplicateImageIdException(annotations, rec, "image id " + id + " appears twice");
                }
                if (only != null && !only.contains(id)) {
                    continue;
                }
                int w = (int) CocoRecords.integral(annotations, rec, e, "width", 1, MAX_SIDE);
                int h = (int) CocoRecords.integral(annotations, rec, e, "height", 1, MAX_SIDE);
                JsonElement fn = e.getAsJsonObject().get("file_name");
                if (fn == null || !fn.isJsonPrimitive() || !fn.getAsJsonPrimitive().isString()) {
                    throw new MalformedAnnotationException(annotations, rec, "missing or non-string 'file_name'");
                }
                Path file = dataRoot.resolve(fn.getAsString(), annotations, rec);
                if (verifyImages) {
                    int[] size = ImageHeaders.size(file, annotations, rec);
                    if (size[0] != w || size[1] != h) {
                        throw new ImageSizeMismatchException(
                                annotations,
                                rec,
                                "image " + file.getFileName() + " is " + size[0] + "x" + size[1]
                                        + " but the annotation says " + w + "x" + h);
                    }
                }
                entries.put(id, new ImageEntry(id, file, w, h));
            } catch (DatasetException ex) {
                check.bad(ex);
            }
        }

        JsonArray anns = root.has("annotations") ? list(annotations, root, "annotations") : new JsonArray();
        Map<Long, Integer> annotationIds = new HashMap<>();
        for (int i = 0; i < anns.size(); i++) {
            String rec = "annotations[" + i + "]";
            try {
                JsonElement e = anns.get(i);
                long annId = CocoRecords.id(annotations, rec, e, "id");
                Integer first = annotationIds.putIfAbsent(annId, i);
                if (first != null) {
                    throw new DuplicateAnnotationIdException(annotations, rec, "annotation id " + annId
                            + " appears twice (also annotations[" + first + "]): make the ids unique");
                }
                rec = "annotation " + annId;
                long imageId = CocoRecords.id(annotations, rec, e, "image_id");
                ImageEntry img = entries.get(imageId);
                if (img == null) {
                    if (!declared.contains(imageId)) {
                        throw new MalformedAnnotationException(
                                annotations, rec, "image_id " + imageId + " is not in 'images'");
                    }
                    continue;
                }
                long catId = CocoRecords.id(annotations, rec, e, "category_id");
                int label = cats.index(catId);
                if (label < 0) {
                    throw new UnknownCategoryException(
                            annotations, rec, "category_id " + catId + " is not in 'categories'");
                }
                boolean crowd = e.getAsJsonObject().has("iscrowd")
                        && CocoRecords.number(annotations, rec, e, "iscrowd").intValue() != 0;
                float[] box = checkedBox(annotations, rec, CocoRecords.box(annotations, rec, e), img);
                img.add(box, label, crowd);
            } catch (DatasetException ex) {
                check.bad(ex);
            }
        }
        check.report();
        List<DetectionSample> samples = new ArrayList<>();
        for (ImageEntry e : entries.values()) {
            samples.add(e.toSample());
        }
        if (samples.isEmpty()) {
            throw new EmptyDatasetException(
                    annotations, null, "no image left" + (check.skippedTotal() > 0 ? " after skipping " + check.skipped() : ""));
        }
        return new DetectionData(annotations, samples, cats, check.skipped(), new CocoOrigin(
                annotations.toAbsolutePath().toString(), images.toAbsolutePath().toString(), policy, verifyImages, null));
    }

    /**
     * The image file names an instances file declares, for the given ids; records too malformed
     * to name a file are left to the reader, which reports them.
     *
     * @param annotations the instances JSON
     * @param only the ids, or null for all
     * @return the file names, relative to the image folder, in file order
     */
    static List<String> fileNames(Path annotations, Set<Long> only) {
        JsonElement root = CocoRecords.parse(annotations);
        List<String> names = new ArrayList<>();
        JsonElement imgs = root.isJsonObject() ? root.getAsJsonObject().get("images") : null;
        if (imgs == null || !imgs.isJsonArray()) {
            return names;
        }
        for (JsonElement e : imgs.getAsJsonArray()) {
            JsonElement id = e.isJsonObject() ? e.getAsJsonObject().get("id") : null;
            JsonElement fn = e.isJsonObject() ? e.getAsJsonObject().get("file_name") : null;
            if (fn != null && fn.isJsonPrimitive() && fn.getAsJsonPrimitive().isString()
                    && (only == null || id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isNumber()
                            && only.contains(id.getAsLong()))) {
                names.add(fn.getAsString());
            }
        }
        return names;
    }

    /**
     * Checks a box {@code [x, y, w, h]} against its image and returns its clipped corners.
     *
     * @param file the annotation file
     * @param rec the record
     * @param xywh the box
     * @param w image width
     * @param h image height
     * @return x1 y1 x2 y2, clipped
     */
    static float[] checkBox(Path file, String rec, double[] xywh, int w, int h) {
        if (!(xywh[2] > 0) || !(xywh[3] > 0)) {
            throw new InvalidBoxException(
                    file, rec, "box " + java.util.Arrays.toString(xywh) + " has non-positive width or height");
        }
        double x1 = xywh[0];
        double y1 = xywh[1];
        double x2 = x1 + xywh[2];
        double y2 = y1 + xywh[3];
        if (x1 < -TOLERANCE_PX || y1 < -TOLERANCE_PX || x2 > w + TOLERANCE_PX || y2 > h + TOLERANCE_PX) {
            throw new InvalidBoxException(
                    file,
                    rec,
                    "box " + java.util.Arrays.toString(xywh) + " lies outside the " + w + "x" + h
                            + " image by more than " + TOLERANCE_PX + " px");
        }
        float[] c = {
            (float) Math.max(0, x1), (float) Math.max(0, y1), (float) Math.min(w, x2), (float) Math.min(h, y2)
        };
        if (!(c[2] > c[0]) || !(c[3] > c[1])) {
            throw new InvalidBoxException(
                    file, rec, "box " + java.util.Arrays.toString(xywh) + " is empty once clipped to the image");
        }
        return c;
    }

    private static float[] checkedBox(Path file, String rec, double[] xywh, ImageEntry img) {
        return checkBox(file, rec, xywh, img.width, img.height);
    }

    private static CategoryMap categories(Path file, JsonObject root) {
        JsonArray cats = list(file, root, "categories");
        long[] ids = new long[cats.size()];
        List<String> names = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < cats.size(); i++) {
            String rec = "categories[" + i + "]";
            ids[i] = CocoRecords.id(file, rec, cats.get(i), "id");
            if (!seen.add(ids[i])) {
                throw new MalformedAnnotationException(file, rec, "category id " + ids[i] + " appears twice");
            }
            JsonElement n = cats.get(i).getAsJsonObject().get("name");
            if (n != null && !(n.isJsonPrimitive() && n.getAsJsonPrimitive().isString())) {
                throw new MalformedAnnotationException(file, rec, "'name' must be a string, got " + n);
            }
            names.add(n == null ? Long.toString(ids[i]) : n.getAsString());
        }
        if (ids.length == 0) {
            throw new MalformedAnnotationException(file, null, "'categories' is empty");
        }
        return new CategoryMap(ids, names);
    }

    private static JsonArray list(Path file, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new MalformedAnnotationException(file, null, "missing list '" + key + "'");
        }
        return e.getAsJsonArray();
    }

    /** The boxes of one image while they are collected. */
    private static final class ImageEntry {
        final long id;
        final Path file;
        final int width;
        final int height;
        final List<float[]> boxes = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        final List<float[]> crowd = new ArrayList<>();
        final List<Integer> crowdLabels = new ArrayList<>();

        ImageEntry(long id, Path file, int width, int height) {
            this.id = id;
            this.file = file;
            this.width = width;
            this.height = height;
        }

        void add(float[] box, int label, boolean isCrowd) {
            (isCrowd ? crowd : boxes).add(box);
            (isCrowd ? crowdLabels : labels).add(label);
        }

        DetectionSample toSample() {
            return new DetectionSample(
                    id, file, width, height, flat(boxes), ints(labels), new boolean[labels.size()],
                    flat(crowd), ints(crowdLabels));
        }
    }

    static float[] flat(List<float[]> boxes) {
        float[] out = new float[4 * boxes.size()];
        for (int i = 0; i < boxes.size(); i++) {
            System.arraycopy(boxes.get(i), 0, out, 4 * i, 4);
        }
        return out;
    }

    static int[] ints(List<Integer> v) {
        return v.stream().mapToInt(Integer::intValue).toArray();
    }
}
