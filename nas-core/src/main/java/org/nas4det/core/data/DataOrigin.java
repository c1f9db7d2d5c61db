package org.nas4det.core.data;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * How a COCO-format {@link DetectionData} was read, so that another process (a cluster worker)
 * can read the same samples from the same paths: the instances file, the image folder, the
 * reader's settings and, for a subset, its image ids. Paths are kept as text: a shared file
 * system or a mount every worker sees.
 *
 * <pre>{@code DetectionData again = data.origin().orElseThrow().read();}</pre>
 *
 * @param annotations the instances JSON
 * @param images the image folder
 * @param policy the reader's bad-record policy
 * @param verifyImages whether the reader checked image headers
 * @param subset the kept image ids, in no particular order, or null for all
 */
public record DataOrigin(String annotations, String images, BadRecordPolicy policy, boolean verifyImages, long[] subset)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Keeps its own copy of the ids: an origin is a cache key on workers and must not change. */
    public DataOrigin {
        subset = subset == null ? null : subset.clone();
    }

    /** @return a copy of the kept image ids, or null for all */
    @Override
    public long[] subset() {
        return subset == null ? null : subset.clone();
    }

    /**
     * Reads the data again.
     *
     * @return the same samples, in the same order
     * @throws IllegalStateException when a subset's images are no longer all in the file
     */
    public DetectionData read() {
        DetectionData all = CocoData.reader().optPolicy(policy).optVerifyImages(verifyImages)
                .read(Path.of(annotations), Path.of(images));
        if (subset == null) {
            return all;
        }
        Set<Long> ids = new HashSet<>();
        for (long id : subset) {
            ids.add(id);
        }
        DetectionData kept = all.subset(ids);
        if (kept.samples().size() != subset.length) {
            // A worker that sees another file (a stale mount) must not score on other images than the driver.
            throw new IllegalStateException(annotations + " read again holds " + kept.samples().size() + " of the "
                    + subset.length + " images of the subset: the file differs from the one the driver read");
        }
        return kept;
    }

    // A record compares arrays by identity: equal origins must be equal values (workers cache by them).
    @Override
    public boolean equals(Object o) {
        return o instanceof DataOrigin d && annotations.equals(d.annotations) && images.equals(d.images)
                && policy == d.policy && verifyImages == d.verifyImages && Arrays.equals(subset, d.subset);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * annotations.hashCode() + images.hashCode()) + Arrays.hashCode(subset);
    }

    @Override
    public String toString() {
        return "DataOrigin[" + annotations + ", " + images + (subset == null ? "" : ", " + subset.length + " images") + "]";
    }
}
