package org.nas4det.spark;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Hadoop's local file system under the scheme {@code counting:}, which java.nio cannot open: a
 * test that reads {@code counting:///tmp/x} reads through Hadoop. It counts the files opened.
 * Registered with {@code fs.counting.impl}.
 */
public class CountingFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "counting";
    static final AtomicInteger OPENS = new AtomicInteger();

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENS.incrementAndGet();
        return super.open(f, bufferSize);
    }

    /**
     * @param local a local absolute path
     * @return its location under this scheme
     */
    static String uri(java.nio.file.Path local) {
        return SCHEME + "://" + local.toAbsolutePath();
    }
}
