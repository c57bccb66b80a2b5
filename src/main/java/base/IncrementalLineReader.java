package base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Reads the complete lines appended to a file since a saved position. A torn last line is left
 * for the next read. A file replaced (rotation: another inode, or different first bytes) or
 * shrunk (truncation) is read again from its start. The caller saves the returned position in
 * the same transaction as what it made of the lines, so a crash never counts a line twice.
 */
public final class IncrementalLineReader {
    private static final int HEAD_BYTES = 256;
    private static final int CHUNK = 1 << 20;
    private static final int MIN_CHUNK = 8 << 10;
    private static final int MAX_LINE = 16 << 20;

    private final AppendFence fence;

    public IncrementalLineReader() {
        this(AppendFence.NONE);
    }

    /** @param fence where to stop in a file this process appends to (never inside an append under way) */
    public IncrementalLineReader(AppendFence fence) {
        this.fence = fence;
    }

    /** Where reading stopped: file identity, a hash of its first bytes, and the byte offset. */
    public record Position(String fileKey, long headHash, int headLength, long offset) {
        public static final Position START = new Position("", 0, 0, 0);
    }

    /**
     * Receives each complete line, without its newline; the array is reused after the call.
     * Returns false to stop after this line (the position then points just past it).
     */
    @FunctionalInterface
    public interface LineHandler {
        boolean line(byte[] buffer, int offset, int length);
    }

    /** What a read did: where it stopped, how many lines, and whether it started over. */
    public record Result(Position position, long lines, boolean restarted) {
    }

    public Result read(Path file, Position from, LineHandler handler) throws IOException {
        return readSplit(file, from, Long.MAX_VALUE, handler, null).result();
    }

    /** What a split read did; when {@code secondUsed} is false, what the second handler saw is not part of it. */
    public record SplitResult(Result result, boolean secondUsed) {
    }

    /**
     * Reads like {@link #read}, but when more than {@code splitBytes} are unread, cuts the unread
     * range just after a newline near its middle and reads the two halves at once, the first half
     * into {@code first} on this thread, the second into {@code second} on another: a large backlog
     * then parses on two cores. If {@code first} stops early, the read ends where it stopped and the
     * second half does not count ({@code secondUsed} false); the caller drops what it folded.
     */
    public SplitResult readSplit(Path file, Position from, long splitBytes, LineHandler first, LineHandler second)
            throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new SplitResult(new Result(from, 0, false), false);
        }
        String key = String.valueOf(attrs.fileKey());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = fence.settledSize(file, ch);
            boolean restart = !from.fileKey().equals(key) || size < from.offset()
                    || from.headLength() > 0 && headHash(ch, from.headLength()) != from.headHash();
            long start = restart ? 0 : from.offset();
            long middle = size - start > splitBytes ? lineStartAfter(ch, start + (size - start) / 2, size) : size;
            Counted firstHalf = new Counted(first);
            Counted secondHalf = new Counted(second);
            CompletableFuture<Long> secondEnd = middle < size
                    ? CompletableFuture.supplyAsync(() -> secondHalf.read(ch, middle, size), SECOND_HALF)
                    : null;
            long end = firstHalf.read(ch, start, middle);
            boolean secondUsed = false;
            if (secondEnd != null) {
                long secondStop = join(secondEnd);
                if (end == middle && firstHalf.more) {
                    end = secondStop;
                    secondUsed = true;
                }
            }
            long lines = firstHalf.lines + (secondUsed ? secondHalf.lines : 0);
            int headLength = (int) Math.min(HEAD_BYTES, end);
            Position next = new Position(key, headHash(ch, headLength), headLength, end);
            return new SplitResult(new Result(next, lines, restart && from.offset() > 0), secondUsed);
        }
    }

    /** A daemon thread per second half: a split read is rare (a large backlog) and must not keep the JVM up. */
    private static final Executor SECOND_HALF = task -> DaemonThreads.named("line-reader-second-half").newThread(task).start();

    /** Counts the lines a handler saw and remembers whether it asked to stop. */
    private static final class Counted implements LineHandler {
        private final LineHandler handler;
        long lines;
        boolean more = true;

        Counted(LineHandler handler) {
            this.handler = handler;
        }

        @Override
        public boolean line(byte[] buffer, int offset, int length) {
            lines++;
            more = handler.line(buffer, offset, length);
            return more;
        }

        long read(FileChannel ch, long start, long limit) {
            try {
                return readLines(ch, start, limit, this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long join(CompletableFuture<Long> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The offset just after the first newline at or after {@code from}, or {@code size} when there is none. */
    private static long lineStartAfter(FileChannel ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        long pos = from;
        while (pos < size) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return size;
    }

    private static long readLines(FileChannel ch, long start, long size, LineHandler handler) throws IOException {
        if (start >= size) {
            return start;
        }
        // sized to what is there: a follower catching up after each small post read a few hundred bytes
        // into a fresh 1 MiB array, most of the daemon's allocation under a mixed load (docs/benchmarks.md)
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(MIN_CHUNK, size - start))];
        int filled = 0;
        long pos = start;
        long consumed = start;
        while (pos < size) {
            if (filled == buf.length) {
                if (buf.length >= MAX_LINE) {
                    throw new IOException("a line longer than " + MAX_LINE + " bytes at offset " + consumed);
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int carried = filled; // the start of a line, without a newline: not searched again
            // never past size: a split read's first half stops at the middle
            int n = ch.read(ByteBuffer.wrap(buf, filled, (int) Math.min(buf.length - filled, size - pos)), pos);
            if (n <= 0) {
                break;
            }
            pos += n;
            filled += n;
            int lineStart = 0;
            for (int i = ByteScan.nextNewline(buf, carried, filled); i >= 0; i = ByteScan.nextNewline(buf, lineStart, filled)) {
                int len = i > lineStart && buf[i - 1] == '\r' ? i - lineStart - 1 : i - lineStart;
                boolean more = len == 0 || handler.line(buf, lineStart, len);
                lineStart = i + 1;
                if (!more) {
                    return consumed + lineStart;
                }
            }
            consumed += lineStart;
            System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
            filled -= lineStart;
        }
        return consumed;
    }

    private static long headHash(FileChannel ch, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer head = ByteBuffer.allocate(length);
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
            // reads until the head is full or the file ends
        }
        return Arrays.hashCode(head.array());
    }
}
