package org.nas4det.core.data;

import java.io.Serializable;
import java.util.List;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;

/**
 * How a {@link DetectionData} was read, so that another process (a cluster worker) can read the
 * same samples from the same files: COCO ({@link CocoOrigin}) or VOC ({@link VocOrigin}) files,
 * the reader's settings and, for a subset, its image ids. Locations are kept as text: plain paths
 * on a file system every worker mounts, or URIs a worker's {@link FileSource} can open (on Spark,
 * anything Hadoop opens: {@code hdfs://}, {@code s3a://} ...). Origins are values (workers cache
 * evaluators by them).
 *
 * <pre>{@code DetectionData again = data.origin().orElseThrow().read(files);}</pre>
 */
public sealed interface DataOrigin extends Serializable permits CocoOrigin, VocOrigin {

    /** @return the kept image ids, or null for all */
    List<Long> subset();

    /**
     * The origin of a subset of this data.
     *
     * @param ids the kept image ids
     * @return the subset's origin
     */
    DataOrigin withSubset(List<Long> ids);

    /**
     * Reads the data again from local files.
     *
     * @return the same samples, in the same order
     * @throws IllegalStateException when a subset's images are no longer all in the files
     */
    default DetectionData read() {
        return read(FileSource.local());
    }

    /**
     * Reads the data again, through a source that makes its files local (a worker copies only a
     * subset's images).
     *
     * @param files where the files come from
     * @return the same samples, in the same order, with this origin
     * @throws IllegalStateException when a subset's images are no longer all in the files
     */
    DetectionData read(FileSource files);

    /**
     * The same origin with its local files staged where remote workers reach them (only a
     * subset's images are copied).
     *
     * @param staging the driver's staging
     * @return the origin workers read
     */
    DataOrigin staged(FileStaging staging);
}
