package org.nas4det.core.data.shapes;

import java.nio.file.Path;

/**
 * Where the synthetic detection set puts each split: {@code annotations/instances_<split>.json}
 * and the images in {@code <split>/}.
 *
 * <pre>{@code DetectionData train = CocoData.reader().read(layout.annotations("train"), layout.images("train"));}</pre>
 */
public final class ShapesLayout {

    private final Path root;

    /**
     * Creates the layout of a folder.
     *
     * @param root the data set folder
     */
    public ShapesLayout(Path root) {
        this.root = root;
    }

    /** @return the data set folder */
    public Path root() {
        return root;
    }

    /**
     * @param split train, val or holdout
     * @return the instances JSON of the split
     */
    public Path annotations(String split) {
        return root.resolve("annotations").resolve("instances_" + split + ".json");
    }

    /**
     * @param split train, val or holdout
     * @return the image folder of the split
     */
    public Path images(String split) {
        return root.resolve(split);
    }
}
