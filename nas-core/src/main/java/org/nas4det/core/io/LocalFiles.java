package org.nas4det.core.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link FileSource#local()}: plain paths and {@code file:} URIs, read where they are. */
final class LocalFiles implements FileSource {

    static final LocalFiles INSTANCE = new LocalFiles();

    /** A URI scheme: two characters at least, so that a Windows drive ({@code C:}) is a path. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);

    private LocalFiles() {}

    /**
     * The scheme of a location. A name whose colon is followed by a slash ({@code hdfs://nn/x},
     * {@code file:/x}) is always a URI. Another name with a colon that exists here as a file or
     * folder ({@code data:v1/coco}) is a plain path: a user who names a folder of theirs means it.
     *
     * @param location a plain path or a URI
     * @return its scheme in lower case, or null for a plain path
     */
    static String scheme(String location) {
        Matcher m = SCHEME.matcher(location);
        if (!m.matches()) {
            return null;
        }
        String scheme = m.group(1);
        boolean hierarchical = location.startsWith("/", scheme.length() + 1);
        if (!hierarchical) {
            try {
                if (Files.exists(Path.of(location))) {
                    return null;
                }
            } catch (java.nio.file.InvalidPathException e) {
                // not a path on this system: a URI
            }
        }
        return scheme.toLowerCase(Locale.ROOT);
    }

    /**
     * The local path of a plain path or a {@code file:} URI.
     *
     * @param location the location
     * @return the path
     * @throws UnreachableLocationException for another scheme or a malformed location
     */
    static Path path(String location) {
        String scheme = scheme(location);
        try {
            if (scheme == null) {
                return Path.of(location);
            }
            if (scheme.equals("file")) {
                return Path.of(new URI(location));
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UnreachableLocationException(location, "not a valid path or file: URI (" + e.getMessage() + ")", e);
        }
        throw new UnreachableLocationException(location, "no file system for the scheme '" + scheme + ":' here (plain paths and"
                + " file: URIs are read directly; other URIs are read by Spark workers through Hadoop: run with --spark-master)", null);
    }

    @Override
    public Path file(String location) {
        return path(location);
    }

    @Override
    public Path folder(String location, Collection<String> members) {
        return path(location);
    }

    /** {@link FileSource#publish} to a local folder: copy to a unique temporary name, then an atomic rename. */
    static void publish(Path folder, List<String> members, Path target) {
        for (String m : members) {
            Path to = target.resolve(m);
            Path part = to.resolveSibling("." + to.getFileName() + ".part-" + UUID.randomUUID());
            try {
                Files.createDirectories(to.getParent());
                Files.copy(folder.resolve(m), part, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(part, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UnreachableLocationException(to.toString(), "cannot write it: " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    // a leftover part file is never read
                }
            }
        }
    }
}
