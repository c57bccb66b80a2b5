package app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of NDJSON files. Each call writes whole, newline-terminated lines under the
 * file's lock, so concurrent appends never interleave; when it returns the bytes are in the OS.
 * The first time a file is opened, a torn last line left by a crash is ended with a newline so
 * that it stays a single unparseable line (readers skip it) instead of swallowing the next one.
 */
public final class NdjsonAppender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdjsonAppender.class);
    private final ConcurrentMap<Path, FileChannel> channels = new ConcurrentHashMap<>();

    public void append(Path file, Object event) {
        appendLines(file, List.of(Json.line(event)));
    }

    /** Appends every line in one write; lines must not contain newlines. */
    public void appendLines(Path file, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(lines.size() * 96);
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        writeWhole(file, ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void writeWhole(Path file, ByteBuffer bytes) {
        FileChannel channel = channel(file);
        synchronized (channel) {
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Forces appended lines to the disk; used at shutdown and where a caller needs durability. */
    public void force() {
        channels.forEach((path, ch) -> {
            try {
                ch.force(false);
            } catch (IOException e) {
                LOG.warn("cannot flush {}: {}", path, e.getMessage());
            }
        });
    }

    private FileChannel channel(Path file) {
        return channels.computeIfAbsent(file.toAbsolutePath().normalize(), NdjsonAppender::open);
    }

    private static FileChannel open(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel repair = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                repairTornLine(file, repair);
            }
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for appending: " + e.getMessage(), e);
        }
    }

    private static void repairTornLine(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        if (last.get(0) != '\n') {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            LOG.warn("{} ended in a torn line (a crash mid-write?); ended it so new lines stay whole", file);
        }
    }

    @Override
    public void close() {
        force();
        channels.values().forEach(ch -> {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.warn("cannot close: {}", e.getMessage());
            }
        });
        channels.clear();
    }
}
