package org.nas4det.spark;

import com.google.common.base.Throwables;
import com.google.common.hash.Hashing;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.VersionInfo;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.UnreachableLocationException;

/**
 * A worker's {@link FileSource}: any URI Hadoop can open ({@code hdfs://}, {@code s3a://},
 * {@code gs://}, {@code abfs://} with their connectors on the classpath) is copied into a local
 * cache folder, and plain paths and {@code file:} URIs are read where they are. A cached copy
 * keeps its source's length and modification time, and is fetched again when either differs, so
 * a process copies each file once for any number of tasks and never reads a stale one. Copies are
 * written under a temporary name and moved into place, so a concurrent task (or another process
 * sharing the cache) sees the whole old file or the whole new one, never a partial copy. A task
 * {@link #publish publishes} files to any URI the same way: a temporary name, then a rename.
 *
 * <pre>{@code java.nio.file.Path json = new HadoopFiles(new Configuration(), cache).file("hdfs://nn/coco/instances_val.json");}</pre>
 */
final class HadoopFiles implements FileSource {

    private final Configuration conf;
    private final java.nio.file.Path cache;
    /** One lock per local copy: tasks of one process that need the same file copy it once. */
    private final Map<java.nio.file.Path, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param conf the Hadoop settings (file system implementations, credentials)
     * @param cache the local cache folder, created when needed
     */
    HadoopFiles(Configuration conf, java.nio.file.Path cache) {
        this.conf = conf;
        this.cache = cache.toAbsolutePath().normalize();
    }

    @Override
    public java.nio.file.Path file(String location) {
        if (FileSource.isLocal(location)) {
            return FileSource.local().file(location);
        }
        Path source = path(location);
        java.nio.file.Path target = cacheFolder(location).resolve(source.getName().isEmpty() ? "file" : source.getName());
        FileSystem fs = fileSystem(source, location);
        FileStatus status = status(fs, source, location);
        if (status == null || !status.isFile()) {
            throw new UnreachableLocationException(location, status == null ? "no such file" : "not a file", null);
        }
        fetch(fs, status, target, location);
        return target;
    }

    /**
     * Copies the members that exist into one cache folder per location; a missing member, or a
     * name that leaves the folder, is left out, for the reader to report as it would locally.
     */
    @Override
    public java.nio.file.Path folder(String location, Collection<String> members) {
        if (FileSource.isLocal(location)) {
            return FileSource.local().folder(location, members);
        }
        Path base = path(location);
        java.nio.file.Path dir = cacheFolder(location);
        FileSystem fs = fileSystem(base, location);
        for (String m : members) {
            java.nio.file.Path target = dir.resolve(m).normalize();
            if (m.isEmpty() || m.startsWith("/") || !target.startsWith(dir) || target.equals(dir)) {
                continue;
            }
            String member = location.endsWith("/") ? location + m : location + "/" + m;
            Path source = path(member);
            FileStatus status = status(fs, source, member);
            if (status != null && status.isFile()) {
                fetch(fs, status, target, member);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cache folder " + dir, e);
        }
        return dir;
    }

    @Override
    public void publish(java.nio.file.Path folder, List<String> members, String location) {
        if (FileSource.isLocal(location)) {
            FileSource.super.publish(folder, members, location);
            return;
        }
        FileSystem fs = fileSystem(path(location), location);
        for (String m : members) {
            Path target = path(location + "/" + m);
            try {
                HadoopStaging.copy(fs, folder.resolve(m), target, "." + target.getName() + ".part-" + UUID.randomUUID());
            } catch (IOException e) {
                throw new UnreachableLocationException(target.toString(), "cannot publish " + folder.resolve(m) + " there: "
                        + e.getMessage(), e);
            }
        }
    }

    /** One folder per location, named by its hash: distinct URIs never share a copy. */
    private java.nio.file.Path cacheFolder(String location) {
        return cache.resolve(Hashing.sha256().hashString(location, StandardCharsets.UTF_8).toString().substring(0, 24));
    }

    private static Path path(String location) {
        try {
            return new Path(location);
        } catch (IllegalArgumentException e) {
            throw new UnreachableLocationException(location, "not a valid URI (" + e.getMessage() + ")", e);
        }
    }

    private FileSystem fileSystem(Path p, String location) {
        try {
            return p.getFileSystem(conf);
        } catch (IOException | RuntimeException e) {
            // Hadoop names s3a's class in its defaults; without hadoop-aws that class is missing
            boolean missing = e instanceof UnsupportedFileSystemException || Throwables.getRootCause(e) instanceof ClassNotFoundException;
            throw new UnreachableLocationException(location, missing ? "no Hadoop file system for the scheme '"
                    + p.toUri().getScheme() + ":' on the classpath (s3a: needs hadoop-aws: spark-submit --packages"
                    + " org.apache.hadoop:hadoop-aws:" + VersionInfo.getVersion() + "; gs: and abfs: need their connectors)"
                    : "cannot open its file system: " + e.getMessage(), e);
        }
    }

    /** @return the status, or null when there is no such file */
    private static FileStatus status(FileSystem fs, Path p, String location) {
        try {
            return fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UnreachableLocationException(location, e.getMessage(), e);
        }
    }

    /** Copies a file into place unless the copy there has its length and modification time. */
    private void fetch(FileSystem fs, FileStatus status, java.nio.file.Path target, String location) {
        if (fresh(target, status)) {
            return;
        }
        synchronized (locks.computeIfAbsent(target, t -> new Object())) {
            if (fresh(target, status)) {
                return; // another task of this process copied it meanwhile
            }
            java.nio.file.Path part = target.resolveSibling(target.getFileName() + ".part-" + UUID.randomUUID());
            try {
                Files.createDirectories(target.getParent());
                try (InputStream in = fs.open(status.getPath())) {
                    Files.copy(in, part);
                }
                if (Files.size(part) != status.getLen()) {
                    throw new IOException("copied " + Files.size(part) + " of " + status.getLen() + " bytes (changed while read?)");
                }
                Files.setLastModifiedTime(part, FileTime.fromMillis(status.getModificationTime()));
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UnreachableLocationException(location, "cannot copy it into " + target + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    // a leftover part file is harmless: it is never read
                }
            }
        }
    }

    private static boolean fresh(java.nio.file.Path local, FileStatus status) {
        try {
            return Files.isRegularFile(local) && Files.size(local) == status.getLen()
                    && Files.getLastModifiedTime(local).toMillis() == status.getModificationTime();
        } catch (IOException e) {
            return false;
        }
    }
}
