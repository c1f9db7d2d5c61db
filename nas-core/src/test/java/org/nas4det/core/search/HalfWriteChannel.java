package org.nas4det.core.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel whose first write goes out half and whose next one fails, as on a disk that fills
 * up; or, made by {@link #full}, one on which every write fails.
 */
final class HalfWriteChannel extends FileChannel {

    private final FileChannel file;
    private final boolean full;
    private int writes;

    HalfWriteChannel(FileChannel file) {
        this(file, false);
    }

    private HalfWriteChannel(FileChannel file, boolean full) {
        this.file = file;
        this.full = full;
    }

    /** @param file the file @return a channel on it whose every write fails, as on a full disk */
    static HalfWriteChannel full(FileChannel file) {
        return new HalfWriteChannel(file, true);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        writes++;
        if (full) {
            throw new IOException("No space left on device");
        }
        if (writes == 1) {
            ByteBuffer half = src.duplicate();
            half.limit(src.position() + src.remaining() / 2);
            int n = file.write(half);
            src.position(src.position() + n);
            return n;
        }
        if (writes == 2) {
            throw new IOException("No space left on device");
        }
        return file.write(src);
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }

    // Not used by the log.

    @Override
    public int read(ByteBuffer dst) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src, long position) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }
}
