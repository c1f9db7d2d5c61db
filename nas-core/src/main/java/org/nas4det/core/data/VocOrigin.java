package org.nas4det.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;

/**
 * The origin of Pascal VOC data: the VOC folder (Annotations, ImageSets/Main, JPEGImages), the
 * split, the reader's settings and, for a subset, its image ids (line numbers of the split file).
 * A worker reads the split file, then the annotations and images of its subset only.
 *
 * <pre>{@code DetectionData d = new VocOrigin("hdfs://nn/VOC2007", "test", BadRecordPolicy.FAIL, true, null).read(files);}</pre>
 *
 * @param root the VOC folder's location
 * @param split the split name ({@code trainval}, {@code test})
 * @param policy the reader's bad-record policy
 * @param verifyImages whether the reader checks image headers
 * @param subset the kept image ids, in the data's order, or null for all
 */
public record VocOrigin(String root, String split, BadRecordPolicy policy, boolean verifyImages, List<Long> subset)
        implements DataOrigin {

    private static final long serialVersionUID = 1L;

    /**
     * Keeps its own unmodifiable copy of the ids (an origin is a cache key on workers and must not
     * change) and makes a plain path absolute.
     */
    public VocOrigin {
        root = FileSource.absolute(root);
        subset = subset == null ? null : List.copyOf(subset);
    }

    @Override
    public VocOrigin withSubset(List<Long> ids) {
        return new VocOrigin(root, split, policy, verifyImages, ids);
    }

    @Override
    public DetectionData read(FileSource files) {
        Set<Long> only = subset == null ? null : new HashSet<>(subset);
        Path local = files.folder(root, List.of(VocData.splitMember(split)));
        if (!FileSource.isLocal(root)) {
            // a copy: the kept lines' annotations, then the images they name
            List<String> xmls = annotationMembers(VocData.lines(VocData.splitFile(local, split)), only);
            local = files.folder(root, xmls);
            files.folder(root, imageMembers(local, xmls));
        }
        return VocData.reader().optPolicy(policy).optVerifyImages(verifyImages).read(local, split, only).from(this, subset);
    }

    @Override
    public VocOrigin staged(FileStaging staging) {
        if (!FileSource.isLocal(root)) {
            return this;
        }
        Path local = FileSource.local().folder(root, List.of());
        // the members come from the split file: listed once per version of it, not per generation
        return staging.perVersion(this, List.of(VocData.splitFile(local, split).toString()), () -> {
            List<String> members = new ArrayList<>(List.of(VocData.splitMember(split)));
            List<String> xmls = annotationMembers(VocData.lines(VocData.splitFile(local, split)), subset == null ? null : new HashSet<>(subset));
            members.addAll(xmls);
            members.addAll(imageMembers(local, xmls));
            return new VocOrigin(staging.folder(root, members), split, policy, verifyImages, subset);
        });
    }

    /** The annotation files of the kept lines (ids are line numbers from 1). */
    private static List<String> annotationMembers(List<String> lines, Set<Long> only) {
        List<String> xmls = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).trim();
            if (!name.isEmpty() && (only == null || only.contains(i + 1L))) {
                xmls.add("Annotations/" + name + ".xml");
            }
        }
        return xmls;
    }

    /** The images the annotation files name (a missing or malformed one is left to the reader). */
    private static List<String> imageMembers(Path local, List<String> xmls) {
        List<String> images = new ArrayList<>();
        for (String x : xmls) {
            Path f = local.resolve(x).normalize();
            // a name that leaves the root is the reader's to refuse, never read here
            String image = f.startsWith(local.normalize()) && java.nio.file.Files.isRegularFile(f) ? VocData.imageMember(f) : null;
            if (image != null) {
                images.add(image);
            }
        }
        return images;
    }

    @Override
    public String toString() {
        return "VocOrigin[" + root + ", " + split + (subset == null ? "" : ", " + subset.size() + " images") + "]";
    }
}
