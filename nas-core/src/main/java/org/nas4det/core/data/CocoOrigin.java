package org.nas4det.core.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;

/**
 * The origin of COCO-format data: the instances file, the image folder, the reader's settings
 * and, for a subset, its image ids.
 *
 * <pre>{@code DetectionData d = new CocoOrigin("hdfs://nn/coco/annotations/instances_val.json", "hdfs://nn/coco/val", BadRecordPolicy.FAIL, true, null).read(files);}</pre>
 *
 * @param annotations the instances JSON's location
 * @param images the image folder's location
 * @param policy the reader's bad-record policy
 * @param verifyImages whether the reader checks image headers
 * @param subset the kept image ids, in the data's order, or null for all
 */
public record CocoOrigin(String annotations, String images, BadRecordPolicy policy, boolean verifyImages, List<Long> subset)
        implements DataOrigin {

    private static final long serialVersionUID = 1L;

    /**
     * Keeps its own unmodifiable copy of the ids (an origin is a cache key on workers and must not
     * change) and makes plain paths absolute.
     */
    public CocoOrigin {
        annotations = FileSource.absolute(annotations);
        images = FileSource.absolute(images);
        subset = subset == null ? null : List.copyOf(subset);
    }

    @Override
    public CocoOrigin withSubset(List<Long> ids) {
        return new CocoOrigin(annotations, images, policy, verifyImages, ids);
    }

    @Override
    public DetectionData read(FileSource files) {
        Path json = files.file(annotations);
        Set<Long> only = subset == null ? null : new HashSet<>(subset);
        // a local folder holds every image: no need to parse the instances file twice to name them
        Path folder = files.folder(images, FileSource.isLocal(images) ? List.of() : CocoData.fileNames(json, only));
        return CocoData.reader().optPolicy(policy).optVerifyImages(verifyImages).read(json, folder, only).from(this, subset);
    }

    @Override
    public CocoOrigin staged(FileStaging staging) {
        // the member names come from the instances file: parsed once per version of it, not per generation
        return staging.perVersion(this, List.of(annotations), () -> {
            String stagedImages = FileSource.isLocal(images)
                    ? staging.folder(images, CocoData.fileNames(FileSource.local().file(annotations), subset == null ? null : new HashSet<>(subset)))
                    : images;
            return new CocoOrigin(staging.file(annotations), stagedImages, policy, verifyImages, subset);
        });
    }

    @Override
    public String toString() {
        return "CocoOrigin[" + annotations + ", " + images + (subset == null ? "" : ", " + subset.size() + " images") + "]";
    }
}
