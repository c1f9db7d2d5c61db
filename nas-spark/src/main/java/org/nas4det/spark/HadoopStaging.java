package org.nas4det.spark;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;
import org.nas4det.core.io.UnreachableLocationException;

/**
 * The driver's {@link FileStaging} under one staging URI ({@code hdfs://nn/tmp/nas4det},
 * {@code s3a://bucket/stage}): a local file goes to {@code <staging>/<version>/<name>}, where the
 * version hashes its absolute path, length and modification time, so a rewritten file is staged
 * anew under another name and an unchanged one is never copied twice (the driver looks it up in
 * memory, then on the staging file system). A folder's members go under one folder named by the
 * hash of the folder and of every member's name, length and modification time; a {@code _STAGED}
 * marker written last says the folder is complete. Copies go to a temporary name and are renamed
 * into place. Remote locations are left as they are. A local folder's {@link #mirror} is
 * {@code <staging>/runs/<hash of its path>}, the same for every run of the driver.
 *
 * <pre>{@code String uri = new HadoopStaging(conf, "hdfs://nn/stage").file("runs/detnas/supernet.params");}</pre>
 */
final class HadoopStaging implements FileStaging {

    static final String MARKER = "_STAGED";

    private final Configuration conf;
    private final String root;
    private final Map<String, String> staged = new ConcurrentHashMap<>();
    /** The version (length and time) this driver last put at each location. */
    private final Map<String, String> put = new ConcurrentHashMap<>();
    /** The last staged result per {@link #perVersion} key, with the versions of the files it came from. */
    private final Map<Object, Versioned> perVersion = new ConcurrentHashMap<>();

    private record Versioned(List<Object> versions, Object staged) {}

    /**
     * @param conf the Hadoop settings
     * @param root the staging folder's URI
     */
    HadoopStaging(Configuration conf, String root) {
        this.conf = conf;
        // Qualified (a plain path goes to Hadoop's default file system): workers read a plain path locally.
        Path qualified = fileSystem(new Path(root)).makeQualified(new Path(root));
        String q = qualified.toString();
        this.root = q.endsWith("/") ? q.substring(0, q.length() - 1) : q;
    }

    /**
     * Checks a staging URI without opening its file system: well formed, and a Hadoop file system
     * class for its scheme on the classpath. The driver checks it when the executor is built, so a
     * typing error or a missing connector is said before the search (a DetNAS supernet's training)
     * rather than at its first generation.
     *
     * @param root the staging folder's URI
     * @param conf the Hadoop settings
     * @throws UnreachableLocationException naming the URI
     */
    static void check(String root, Configuration conf) {
        Path p;
        try {
            p = new Path(root);
        } catch (IllegalArgumentException e) {
            throw new UnreachableLocationException(root, "not a valid URI (" + e.getMessage() + ")", e);
        }
        String scheme = p.toUri().getScheme();
        if (scheme != null) {
            try {
                FileSystem.getFileSystemClass(scheme, conf);
            } catch (IOException | RuntimeException e) {
                throw new UnreachableLocationException(root, "no Hadoop file system for the scheme '" + scheme
                        + ":' on the classpath (" + e.getMessage() + ")", e);
            }
        }
    }

    @Override
    public String file(String location) {
        if (!FileSource.isLocal(location)) {
            return location;
        }
        java.nio.file.Path local = FileSource.local().file(location).toAbsolutePath().normalize();
        Hasher h = Hashing.sha256().newHasher().putString(local.toString(), StandardCharsets.UTF_8);
        version(h, local);
        String uri = root + "/" + h.hash().toString().substring(0, 24) + "/" + local.getFileName();
        return staged.computeIfAbsent(uri, u -> {
            Path target = new Path(u);
            FileSystem fs = fileSystem(target);
            try {
                if (!fs.exists(target) || fs.getFileStatus(target).getLen() != Files.size(local)) {
                    copy(fs, local, target);
                }
            } catch (IOException e) {
                throw new UnreachableLocationException(u, "cannot stage " + local + " there: " + e.getMessage(), e);
            }
            return u;
        });
    }

    @Override
    public String folder(String location, Collection<String> members) {
        if (!FileSource.isLocal(location)) {
            return location;
        }
        java.nio.file.Path local = FileSource.local().folder(location, members).toAbsolutePath().normalize();
        Hasher h = Hashing.sha256().newHasher().putString(local.toString(), StandardCharsets.UTF_8);
        for (String m : members) {
            h.putString(m, StandardCharsets.UTF_8).putByte((byte) 0);
            version(h, local.resolve(m));
        }
        String uri = root + "/" + h.hash().toString().substring(0, 24);
        return staged.computeIfAbsent(uri, u -> {
            Path dir = new Path(u);
            FileSystem fs = fileSystem(dir);
            try {
                if (!fs.exists(new Path(dir, MARKER))) {
                    for (String m : members) {
                        java.nio.file.Path file = local.resolve(m).normalize();
                        if (file.startsWith(local) && Files.isRegularFile(file)) {
                            copy(fs, file, new Path(u + "/" + m));
                        }
                    }
                    fs.create(new Path(dir, MARKER), true).close();
                }
            } catch (IOException e) {
                throw new UnreachableLocationException(u, "cannot stage " + local + " there: " + e.getMessage(), e);
            }
            return u;
        });
    }

    /** Remembers the last result per key: one length and time per named file when nothing changed. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T perVersion(Object key, Collection<String> versionedBy, Supplier<T> stage) {
        List<Object> versions = new ArrayList<>();
        for (String location : versionedBy) {
            if (FileSource.isLocal(location)) {
                java.nio.file.Path file = FileSource.local().file(location).toAbsolutePath().normalize();
                versions.add(file.toString());
                Hasher h = Hashing.sha256().newHasher();
                version(h, file);
                versions.add(h.hash());
            }
        }
        Versioned last = perVersion.get(key);
        if (last != null && last.versions().equals(versions)) {
            return (T) last.staged();
        }
        T staged = stage.get();
        perVersion.put(key, new Versioned(versions, staged));
        return staged;
    }

    @Override
    public String mirror(String folder) {
        java.nio.file.Path local = FileSource.local().file(folder).toAbsolutePath().normalize();
        return root + "/runs/" + Hashing.sha256().hashString(local.toString(), StandardCharsets.UTF_8).toString().substring(0, 24);
    }

    /**
     * Copies unless the staged file has the local one's length and modification time, which it
     * then gets, or this driver put that version there already (a file system without settable
     * times, such as S3, still copies each version once per driver).
     */
    @Override
    public void put(java.nio.file.Path file, String location) {
        Path target = new Path(location);
        FileSystem fs = fileSystem(target);
        try {
            long length = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            String version = length + "@" + modified;
            if (version.equals(put.get(location))) {
                return;
            }
            FileStatus s = fs.exists(target) ? fs.getFileStatus(target) : null;
            if (s == null || s.getLen() != length || s.getModificationTime() != modified) {
                copy(fs, file, target, "." + target.getName() + ".part");
                fs.setTimes(target, modified, -1);
            }
            put.put(location, version);
        } catch (IOException e) {
            throw new UnreachableLocationException(location, "cannot stage " + file + " there: " + e.getMessage(), e);
        }
    }

    /** Adds a local file's length and modification time (nothing for a missing one). */
    private static void version(Hasher h, java.nio.file.Path file) {
        try {
            if (Files.isRegularFile(file)) {
                h.putLong(Files.size(file)).putLong(Files.getLastModifiedTime(file).toMillis());
            }
        } catch (IOException e) {
            throw new UnreachableLocationException(file.toString(), e.getMessage(), e);
        }
    }

    private FileSystem fileSystem(Path p) {
        try {
            return p.getFileSystem(conf);
        } catch (IOException | RuntimeException e) {
            throw new UnreachableLocationException(p.toString(), "cannot open the staging file system: " + e.getMessage(), e);
        }
    }

    private static void copy(FileSystem fs, java.nio.file.Path local, Path target) throws IOException {
        copy(fs, local, target, "." + target.getName() + ".part");
    }

    /**
     * Copies to a temporary name, then renames over the target: a worker never opens a partial
     * file under the staged name. The rename replaces the target at once where the file system
     * can (HDFS); others delete it first. A failed copy removes its temporary file.
     *
     * @param part the temporary name, in the target's folder
     */
    static void copy(FileSystem fs, java.nio.file.Path local, Path target, String partName) throws IOException {
        Path part = new Path(target.getParent(), partName);
        try {
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), part);
            FileUtil.rename(fs, part, target, Options.Rename.OVERWRITE);
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(part, false);
            } catch (IOException | RuntimeException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
    }
}
