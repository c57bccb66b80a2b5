package base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The last N lines of an NDJSON history, read backwards from the end in blocks so that a long
 * history costs only what is shown. A torn last line (no newline yet) is left out; lines that
 * do not parse as a JSON object are skipped but still count toward N. A rotated history goes on in
 * file.1, file.2, ...: when the current file holds fewer than N lines, the older ones are read too.
 */
public final class NdjsonTail {
    private static final int BLOCK = 64 * 1024;

    private NdjsonTail() {
    }

    /** Oldest first; an absent file is an empty history. */
    public static List<JsonNode> last(Path file, int n) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lastLines(file, n)) {
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                if (node != null && node.isObject()) {
                    out.add(node);
                }
            } catch (IOException e) {
                // a line a crash tore or someone edited: readers skip it
            }
        }
        return out;
    }

    /** Oldest first, across file, file.1, file.2, ... until N lines or the first absent older file. */
    static List<String> lastLines(Path file, int n) {
        List<String> newestFirst = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        // a file rotated while this reads shows up again under the next name: its identity says so, it is read once
        for (int older = 0; newestFirst.size() < n; older++) {
            Path f = older == 0 ? file : LogRotation.older(file, older);
            List<String> lines = linesOf(f, n - newestFirst.size(), seen);
            if (lines == null && older > 0) {
                break;
            }
            if (lines == null) {
                continue; // just rotated, no line appended since: the history goes on in file.1
            }
            Collections.reverse(lines);
            newestFirst.addAll(lines);
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The last lines of one file, oldest first; empty when it was read already, null when it does not exist. */
    private static List<String> linesOf(Path file, int n, Set<Object> seen) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (key != null && !seen.add(key)) {
                return new ArrayList<>();
            }
            return collect(ch, n);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> collect(FileChannel ch, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        long pos = ch.size();
        // a last line without its newline is still being written (or was torn): not history yet
        boolean torn = pos > 0 && lastByte(ch, pos) != '\n';
        byte[] pending = new byte[0];
        while (pos > 0 && lines.size() < n) {
            int len = (int) Math.min(BLOCK, pos);
            pos -= len;
            ByteBuffer buf = ByteBuffer.allocate(len);
            while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) > 0) {
                // fill the block
            }
            byte[] chunk = concat(buf.array(), pending);
            int lineEnd = chunk.length;
            for (int i = chunk.length - 1; i >= 0 && lines.size() < n; i--) {
                if (chunk[i] == '\n') {
                    if (!torn) {
                        addLine(lines, chunk, i + 1, lineEnd);
                    }
                    torn = false;
                    lineEnd = i;
                }
            }
            pending = Arrays.copyOfRange(chunk, 0, lineEnd);
        }
        if (pos == 0 && !torn && lines.size() < n) {
            addLine(lines, pending, 0, pending.length);
        }
        Collections.reverse(lines);
        return lines;
    }

    private static byte lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    private static void addLine(List<String> lines, byte[] b, int from, int to) {
        int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
        if (end > from) {
            lines.add(new String(b, from, end - from, StandardCharsets.UTF_8));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
