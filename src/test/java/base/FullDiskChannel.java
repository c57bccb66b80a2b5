package base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;

/**
 * A real append channel that behaves like a file on a disk that fills up: it writes the first
 * {@code room} bytes it is given, then refuses with the OS's "No space left on device", as a
 * full tmpfs does (a write is cut at the last free page, the next one fails). It can also refuse
 * to truncate, and hold a write half done until the test lets it go on.
 */
final class FullDiskChannel extends FileChannel {
    private final FileChannel real;
    private long room;
    private final String error;
    boolean truncateFails;
    /** When set, a write that runs out of room waits here, with its first bytes in the file, before it fails. */
    CountDownLatch holdBeforeFailing;

    FullDiskChannel(FileChannel real, long room, String error) {
        this.real = real;
        this.room = room;
        this.error = error;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (room <= 0) {
            if (holdBeforeFailing != null) {
                try {
                    holdBeforeFailing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IOException(error);
        }
        int allowed = (int) Math.min(room, src.remaining());
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + allowed);
        int n = real.write(part);
        src.position(src.position() + n);
        room -= n;
        return n;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (truncateFails) {
            throw new IOException("Input/output error");
        }
        real.truncate(size);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("the appender writes one buffer at a time");
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new UnsupportedOperationException("the appender does not transfer");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw new UnsupportedOperationException("the appender only appends");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
