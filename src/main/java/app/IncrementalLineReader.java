package app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads the complete lines appended to a file since a saved position. A torn last line is left
 * for the next read. A file replaced (rotation: another inode, or different first bytes) or
 * shrunk (truncation) is read again from its start. The caller saves the returned position in
 * the same transaction as what it made of the lines, so a crash never counts a line twice.
 */
public final class IncrementalLineReader {
    private static final int HEAD_BYTES = 256;
    private static final int CHUNK = 1 << 20;
    private static final int MAX_LINE = 16 << 20;

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
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Result(from, 0, false);
        }
        String key = String.valueOf(attrs.fileKey());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            boolean restart = !from.fileKey().equals(key) || size < from.offset()
                    || from.headLength() > 0 && headHash(ch, from.headLength()) != from.headHash();
            long start = restart ? 0 : from.offset();
            long[] lines = {0};
            long end = readLines(ch, start, size, (b, o, l) -> {
                lines[0]++;
                return handler.line(b, o, l);
            });
            int headLength = (int) Math.min(HEAD_BYTES, end);
            Position next = new Position(key, headHash(ch, headLength), headLength, end);
            return new Result(next, lines[0], restart && from.offset() > 0);
        }
    }

    private static long readLines(FileChannel ch, long start, long size, LineHandler handler) throws IOException {
        byte[] buf = new byte[CHUNK];
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
            int n = ch.read(ByteBuffer.wrap(buf, filled, buf.length - filled), pos);
            if (n <= 0) {
                break;
            }
            pos += n;
            filled += n;
            int lineStart = 0;
            boolean more = true;
            for (int i = 0; i < filled && more; i++) {
                if (buf[i] == '\n') {
                    int len = i > lineStart && buf[i - 1] == '\r' ? i - lineStart - 1 : i - lineStart;
                    if (len > 0) {
                        more = handler.line(buf, lineStart, len);
                    }
                    lineStart = i + 1;
                }
            }
            consumed += lineStart;
            if (!more) {
                return consumed;
            }
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
