package org.nas4det.core.io;

import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The driver's side of {@link FileSource}: copies local files that remote workers need (a
 * supernet, data written into a local run directory) to a location every worker can open, and
 * names that location. A file is copied once per version (its length and modification time), not
 * once per task; a location that is already remote is returned as it is.
 *
 * <pre>{@code String staged = staging.file("/runs/detnas/supernet.params"); // hdfs://nn/stage/...}</pre>
 */
public interface FileStaging {

    /**
     * Stages one file.
     *
     * @param location the file's location
     * @return a location every worker can read the same bytes from
     */
    String file(String location);

    /**
     * Stages some members of a folder, under one staged folder.
     *
     * @param location the folder's location
     * @param members relative names of the members workers read
     * @return the staged folder's location, holding the members under the same relative names
     */
    String folder(String location, Collection<String> members);

    /**
     * The staged folder that stands for a local folder: the same location for the same absolute
     * path, in every run of the driver, where the driver {@link #put puts} files by name and
     * workers {@link FileSource#publish publish} theirs (SP-NAS's models and lineage). Copies
     * nothing. By default a staging has no such folders.
     *
     * <pre>{@code String run = staging.mirror("/runs/spnas"); // hdfs://nn/stage/runs/3f2a...}</pre>
     *
     * @param folder a local folder
     * @return its staged location
     */
    default String mirror(String folder) {
        throw new UnsupportedOperationException("this staging has no folders standing for local ones");
    }

    /**
     * Copies a local file to a staged location (temporary name, then renamed), unless the file
     * there has its length and modification time: one put or published there and fetched back.
     *
     * @param file the local file
     * @param location where workers read it
     */
    default void put(Path file, String location) {
        throw new UnsupportedOperationException("this staging cannot put " + file + " at " + location);
    }

    /**
     * Stages something once per version of the local files it is derived from: a staging that
     * remembers returns what {@code stage} gave for the same key while those files keep their
     * length and modification time, so an origin that parses a large instances file to name its
     * members is not parsed (nor its members stat'ed) again each generation. Other files the result names (a
     * folder's members) are taken as unchanged while those keep their version. By default it
     * stages every time.
     *
     * <pre>{@code return staging.perVersion(this, List.of(annotations), () -> new CocoOrigin(...));}</pre>
     *
     * @param key what is staged (equal keys stage to the same result)
     * @param versionedBy the local files the result depends on (locations; remote ones are ignored)
     * @param stage stages it
     * @param <T> the staged thing
     * @return the staged thing, possibly remembered
     */
    default <T> T perVersion(Object key, Collection<String> versionedBy, Supplier<T> stage) {
        return stage.get();
    }
}
