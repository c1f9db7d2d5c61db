package org.nas4det.core.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A validated detection data set in memory: its samples, its categories, where it came from and
 * what was skipped. {@link CocoData} and {@link VocData} read one.
 *
 * <pre>{@code DetectionData d = CocoData.reader().read(Path.of("data/annotations/instances_val.json"), Path.of("data/val"));}</pre>
 */
public final class DetectionData {

    private final Path source;
    private final List<DetectionSample> samples;
    private final CategoryMap categories;
    private final Map<String, Integer> skipped;
    private final DataOrigin origin;

    DetectionData(
            Path source, List<DetectionSample> samples, CategoryMap categories, Map<String, Integer> skipped) {
        this(source, samples, categories, skipped, null);
    }

    DetectionData(Path source, List<DetectionSample> samples, CategoryMap categories, Map<String, Integer> skipped,
            DataOrigin origin) {
        this.origin = origin;
        this.source = source;
        this.samples = Collections.unmodifiableList(samples);
        this.categories = categories;
        this.skipped = Collections.unmodifiableMap(skipped);
    }

    /** @return the annotation file or folder it was read from */
    public Path source() {
        return source;
    }

    /** @return the samples in file order */
    public List<DetectionSample> samples() {
        return samples;
    }

    /** @return the category mapping */
    public CategoryMap categories() {
        return categories;
    }

    /** @return records skipped under {@link BadRecordPolicy#SKIP}, by kind */
    public Map<String, Integer> skipped() {
        return skipped;
    }

    /** @return how to read the same samples again elsewhere (COCO or VOC files), or empty */
    public java.util.Optional<DataOrigin> origin() {
        return java.util.Optional.ofNullable(origin);
    }

    /**
     * A digest of the samples (image ids, file names, sizes, boxes, labels and ignore flags, crowd
     * ones too):
     * two reads of the same data give the same digest wherever its folder lies, so a training can
     * tell its own data from other data without pinning a path.
     *
     * <pre>{@code String id = data.contentDigest(); // e.g. "96 images, 1f0c...e2"}</pre>
     *
     * @return the image count and a hexadecimal digest
     */
    public String contentDigest() {
        com.google.common.hash.Hasher h = com.google.common.hash.Hashing.sha256().newHasher();
        for (DetectionSample s : samples) {
            h.putLong(s.imageId()).putString(s.file().getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8)
                    .putInt(s.width()).putInt(s.height());
            // Counts first: the same numbers as crowd or not, or split otherwise, must differ.
            h.putInt(s.size()).putInt(s.crowdLabels().length);
            for (float v : s.boxes()) {
                h.putFloat(v);
            }
            for (int l : s.labels()) {
                h.putInt(l);
            }
            for (boolean b : s.ignore()) {
                h.putBoolean(b);
            }
            for (float v : s.crowdBoxes()) {
                h.putFloat(v);
            }
            for (int l : s.crowdLabels()) {
                h.putInt(l);
            }
        }
        return samples.size() + " images, " + h.hash().toString().substring(0, 16);
    }

    /** @return the objects to learn from: boxes that are not crowd, over every image */
    public int objects() {
        int n = 0;
        for (DetectionSample s : samples) {
            n += s.size();
        }
        return n;
    }

    /**
     * Logs a warning when a training split has nothing to learn from (no annotation, or only
     * crowd ones): training still runs, but only on background.
     *
     * @param what the split's role, e.g. {@code "training"}
     * @return whether it has objects
     */
    public boolean warnIfNoObjects(String what) {
        if (objects() > 0) {
            return true;
        }
        org.slf4j.LoggerFactory.getLogger(DetectionData.class).warn("{} data {}: none of its {} images has an object that is not crowd:"
                + " the detector learns background only", what, source, samples.size());
        return false;
    }

    /**
     * Refuses a split that scores candidates but holds no object to score them on: COCO's AP is
     * undefined without one (-1), and a search would rank every candidate alike.
     *
     * <pre>{@code holdout.requireObjects("the held-out split", "raise optHoldoutFraction (--holdout-fraction)");}</pre>
     *
     * @param what the split, as the message names it
     * @param remedy what to change
     * @throws EmptyDatasetException naming the annotations file, when no image has an object that is not crowd
     */
    public void requireObjects(String what, String remedy) {
        if (objects() == 0) {
            throw new EmptyDatasetException(source, null, what + " (" + samples.size() + " images) has no object that is not"
                    + " crowd, so no candidate can be scored on it (AP is undefined): " + remedy);
        }
    }

    /**
     * Returns the subset with the given image ids, in this data set's order.
     *
     * @param imageIds the ids to keep
     * @return the subset
     */
    public DetectionData subset(java.util.Set<Long> imageIds) {
        List<DetectionSample> kept = new java.util.ArrayList<>();
        for (DetectionSample s : samples) {
            if (imageIds.contains(s.imageId())) {
                kept.add(s);
            }
        }
        DataOrigin o = origin == null ? null : origin.withSubset(kept.stream().map(DetectionSample::imageId).toList());
        return new DetectionData(source, kept, categories, skipped, o);
    }

    /**
     * The same samples, read again from another origin's files, under that origin.
     *
     * @param o the origin they were read from (a worker reads local copies of its URIs)
     * @param subset the ids the origin keeps, or null for all
     * @return the data, checked to hold every id of the subset
     * @throws IllegalStateException when the files read lack some of the subset's images
     */
    DetectionData from(DataOrigin o, java.util.List<Long> subset) {
        if (subset != null && samples.size() != subset.size()) {
            // A worker that sees another file (a stale mount) must not score on other images than the driver.
            throw new IllegalStateException(source + " read again holds " + samples.size() + " of the " + subset.size()
                    + " images of the subset: the file differs from the one the driver read");
        }
        return new DetectionData(source, samples, categories, skipped, o);
    }
}
