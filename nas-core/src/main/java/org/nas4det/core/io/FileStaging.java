package org.nas4det.core.io;

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
}
