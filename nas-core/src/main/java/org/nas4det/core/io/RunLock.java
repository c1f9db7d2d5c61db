package org.nas4det.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run directory for the life of a run: a second process (a retried job, a
 * second terminal) started on the same directory is refused instead of appending to the same log
 * and rewriting the same checkpoints. The operating system releases the lock when the process
 * ends, even by {@code kill -9}; the empty {@link #FILE} stays behind.
 *
 * <pre>{@code try (RunLock lock = RunLock.acquire(root, "FAD run")) { ... }}</pre>
 */
public final class RunLock implements AutoCloseable {

    /** The file locked, in the run directory. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks a run directory, creating it if needed.
     *
     * @param root the run directory
     * @param what the run, for the message ("FAD run")
     * @return the lock, to close when the run ends
     * @throws RunDirectoryConflictException when another run holds it
     */
    public static RunLock acquire(Path root, String what) {
        FileChannel channel;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(root.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock run directory " + root, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this process
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock run directory " + root, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new RunDirectoryConflictException("run directory " + root + " is in use by another " + what + " (its " + FILE
                    + " is locked): wait for that run to end, or use another directory");
        }
        return new RunLock(channel, lock);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the refusal (or the failure) is the one to report
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of a run directory", e);
        }
    }
}
