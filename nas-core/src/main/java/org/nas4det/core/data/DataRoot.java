package org.nas4det.core.data;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves file names from annotation files inside a data set root only: an absolute path or a
 * {@code ..} step that leaves the root is refused, so an annotation file cannot make us read
 * anything outside the data set.
 *
 * <pre>{@code Path img = DataRoot.of(root).resolve(fileName, annotationFile, "image 42");}</pre>
 */
public final class DataRoot {

    private final Path root;

    private DataRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Creates a root.
     *
     * @param root the data set folder
     * @return the root
     */
    public static DataRoot of(Path root) {
        return new DataRoot(root);
    }

    /** @return the normalised absolute root */
    public Path path() {
        return root;
    }

    /**
     * Resolves a relative file name inside the root.
     *
     * @param name the name as the annotation file gives it
     * @param source the annotation file, for the message
     * @param record the record, for the message
     * @return the absolute, normalised path
     * @throws PathEscapeException when the name is absolute or leaves the root
     */
    public Path resolve(String name, Path source, String record) {
        Path rel;
        try {
            rel = Path.of(name);
        } catch (InvalidPathException e) {
            throw new PathEscapeException(source, record, "invalid file name '" + name + "'", e);
        }
        if (rel.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw new PathEscapeException(
                    source, record, "file name '" + name + "' is absolute; it must be relative to " + root);
        }
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root)) {
            throw new PathEscapeException(
                    source, record, "file name '" + name + "' leaves the data set root " + root);
        }
        return p;
    }
}
