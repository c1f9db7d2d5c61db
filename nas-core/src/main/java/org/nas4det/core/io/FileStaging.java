package org.nas4det.core.io;

import java.nio.file.Path;
import java.util.Collection;

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
}
