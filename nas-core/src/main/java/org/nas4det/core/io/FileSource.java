package org.nas4det.core.io;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Where the files of a recipe come from on the machine that builds its evaluator: a location is a
 * plain path or a URI ({@code file:/data/coco}, or, with a source that can open them, {@code hdfs://},
 * {@code s3a://} ...), and the source hands back a local path holding the same bytes. The core reads
 * plain paths and {@code file:} URIs only ({@link #local()}); the Spark module plugs in one that copies
 * any URI Hadoop can open into a cache on the worker, once per file version. A worker also
 * {@link #publish publishes} what the driver and later tasks read back (SP-NAS's trained models).
 *
 * <pre>{@code Path json = files.file("hdfs://nn/coco/annotations/instances_train.json");}</pre>
 */
public interface FileSource {

    /**
     * A local path holding a file's bytes.
     *
     * @param location the file's location
     * @return a readable local file
     * @throws UnreachableLocationException when the location cannot be read from here
     */
    Path file(String location);

    /**
     * A local folder in which the named members of a folder can be read (others may be missing:
     * a worker fetches only the images of its subset).
     *
     * @param location the folder's location
     * @param members relative names of the members needed ({@code "img/1.png"})
     * @return a local folder; {@code folder.resolve(member)} reads each member
     * @throws UnreachableLocationException when the location cannot be read from here
     */
    Path folder(String location, Collection<String> members);

    /**
     * Writes the named files of a local folder to the same names under a location, each under a
     * temporary name first and then renamed (replacing the one there), in the given order: a
     * retried or duplicated task never leaves a partial file, and a reader that checks the last
     * member sees the others whole. By default only plain paths and {@code file:} URIs.
     *
     * @param folder the local folder
     * @param members relative names of its files, the completion marker last
     * @param location the folder to write to
     * @throws UnreachableLocationException when the location cannot be written from here
     */
    default void publish(Path folder, List<String> members, String location) {
        LocalFiles.publish(folder, members, LocalFiles.path(location));
    }

    /**
     * Whether a location is read where it is, without copying: a plain path or a {@code file:} URI.
     *
     * @param location the location
     * @return true for a local location
     */
    static boolean isLocal(String location) {
        String scheme = LocalFiles.scheme(location);
        return scheme == null || scheme.equals("file");
    }

    /**
     * A location as another process reads it: a plain path made absolute (a worker has another
     * working directory), a URI as it is.
     *
     * @param location the location
     * @return the absolute location
     */
    static String absolute(String location) {
        return LocalFiles.scheme(location) == null ? LocalFiles.path(location).toAbsolutePath().toString() : location;
    }

    /** @return the source of plain paths and {@code file:} URIs, which copies nothing */
    static FileSource local() {
        return LocalFiles.INSTANCE;
    }
}
