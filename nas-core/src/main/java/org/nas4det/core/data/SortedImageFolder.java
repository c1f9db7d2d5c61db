package org.nas4det.core.data;

import ai.djl.basicdataset.cv.classification.AbstractImageFolder;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import ai.djl.util.Progress;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * DJL's image folder (one sub-folder per class, classes in name order) with its images in name
 * order too: DJL 0.35.0's {@code ImageFolder} lists them in file-system order, so index → file
 * (and with it every seeded shuffle and augmentation) changed from one machine or copy to another.
 *
 * <pre>{@code SortedImageFolder f = SortedImageFolder.builder().setRepositoryPath(root).setSampling(32, true).build();}</pre>
 */
public final class SortedImageFolder extends AbstractImageFolder {

    private SortedImageFolder(Builder b) {
        super(b);
    }

    /** @return a builder (DJL's image-folder options) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The image file of an index (after {@code prepare()}).
     *
     * @param index the sample index
     * @return the image's path
     */
    public Path file(long index) {
        return getImagePath(items.get(Math.toIntExact(index)).getKey());
    }

    /**
     * Reads a sample; an image that cannot be read or decoded is bad input naming the file (DJL
     * reports it as an {@link IOException}, which a training loop could only call internal).
     * Images are decoded when first drawn, not up front: a pre-training set may hold a million.
     */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        try {
            return super.get(manager, index);
        } catch (IOException e) {
            throw new DatasetException(file(index), null, "cannot read the image (" + e.getMessage()
                    + "); replace or remove it", e);
        }
    }

    @Override
    protected Path getImagePath(String key) {
        return Paths.get(key);
    }

    @Override
    public void prepare(Progress progress) throws IOException {
        if (prepared) {
            return;
        }
        mrl.prepare(null, progress);
        Path root = Paths.get(mrl.getRepository().getBaseUri());
        synset.clear();
        synset.addAll(classFolders(root.toFile()));
        listImages(root, synset);
        items = sortedByPath(items);
        prepared = true;
    }

    /** Class folders in name order, hidden ones left out (as DJL's ImageFolder does). */
    private static List<String> classFolders(File root) {
        File[] dirs = root.listFiles(f -> f.isDirectory() && !f.getName().startsWith("."));
        if (dirs == null) {
            throw new IllegalArgumentException(root + " is not a folder");
        }
        Arrays.sort(dirs);
        List<String> names = new ArrayList<>();
        for (File d : dirs) {
            names.add(d.getName());
        }
        return names;
    }

    /** Image paths in name order; labels follow their images. */
    static PairList<String, Integer> sortedByPath(PairList<String, Integer> in) {
        List<Pair<String, Integer>> pairs = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            pairs.add(in.get(i));
        }
        pairs.sort(Comparator.comparing(Pair::getKey));
        PairList<String, Integer> out = new PairList<>(pairs.size());
        for (Pair<String, Integer> p : pairs) {
            out.add(p);
        }
        return out;
    }

    /** Builds a {@link SortedImageFolder}. */
    public static final class Builder extends ImageFolderBuilder<Builder> {

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** @return the data set (call {@code prepare()} before use) */
        public SortedImageFolder build() {
            return new SortedImageFolder(this);
        }
    }
}
