package base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of NDJSON files. Each call writes whole, newline-terminated lines under the
 * file's lock, so concurrent appends never interleave; when it returns the bytes are in the OS.
 * An append either lands whole or not at all: when a write fails (a full disk writes part of a
 * batch, then refuses the rest) the file is cut back to the size it had before, so no line is
 * torn and the next one is not glued to it, and a {@link DiskProblem} says nothing was appended.
 * Readers in this process stop at {@link #settledSize}, so they never fold lines of an append
 * that is still under way and may yet be cut back.
 * The first time a file is opened, a torn last line left by a crash is ended with a newline so
 * that it stays a single unparseable line (readers skip it) instead of swallowing the next one.
 */
public final class NdjsonAppender implements AppendFence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdjsonAppender.class);

    /** Opens a file for appending; tests hand in channels that fail the way a full disk does. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final ConcurrentMap<Path, Target> targets = new ConcurrentHashMap<>();
    private final NamedFolders folders;
    private final Opener opener;

    public NdjsonAppender() {
        this(NamedFolders.NONE);
    }

    /** @param folders names the disk in errors ("the disk under LOGS_DIR is full") */
    public NdjsonAppender(NamedFolders folders) {
        this(folders, file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    NdjsonAppender(NamedFolders folders, Opener opener) {
        this.folders = folders;
        this.opener = opener;
    }

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
        writeWhole(target(file), ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void writeWhole(Target t, ByteBuffer bytes) {
        int total = bytes.remaining();
        synchronized (t) {
            FileChannel ch;
            long before;
            try {
                ch = t.open(opener);
                before = ch.size();
            } catch (IOException e) {
                throw t.failed(folders, total, "opening " + t.file.getFileName() + " to append " + total + " bytes", e);
            }
            try {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            } catch (IOException e) {
                t.cutBack(before, bytes.position());
                throw t.failed(folders, total, "appending " + total + " bytes to " + t.file.getFileName(), e);
            }
            t.succeeded();
        }
    }

    /**
     * Taken under the file's lock: an append under way (and its cut-back if it fails) finishes
     * first. A failed append whose bytes could not be cut yet is left out.
     */
    @Override
    public long settledSize(Path file, FileChannel reading) throws IOException {
        Target t = target(file);
        synchronized (t) {
            long size = reading.size();
            return t.tornFrom >= 0 ? Math.min(size, t.tornFrom) : size;
        }
    }

    /** Files whose last append failed, with why; empty when every last append succeeded. */
    public Map<Path, DiskProblem> failures() {
        Map<Path, DiskProblem> out = new LinkedHashMap<>();
        targets.forEach((path, t) -> {
            DiskProblem why = t.failure;
            if (why != null) {
                out.put(path, why);
            }
        });
        return out;
    }

    /**
     * Forgets a failure once a probe wrote into the file's folder again (see {@link DiskGuard}),
     * so health can turn UP before the next append comes; the next append that fails sets it again.
     */
    public void forgetFailure(Path file, DiskProblem failure) {
        Target t = targets.get(NamedFolders.normalize(file));
        if (t != null && t.failure == failure) {
            t.failure = null;
        }
    }

    /** Forces appended lines to the disk; used at shutdown and where a caller needs durability. */
    public void force() {
        targets.forEach((path, t) -> {
            FileChannel ch = t.channel;
            if (ch == null) {
                return;
            }
            try {
                ch.force(false);
            } catch (IOException e) {
                LOG.warn("cannot flush {}: {}", path, e.getMessage());
            }
        });
    }

    private Target target(Path file) {
        return targets.computeIfAbsent(NamedFolders.normalize(file), Target::new);
    }

    /** One file: its channel, whether its last append failed, and a failed append not yet cut away. */
    private static final class Target {
        final Path file;
        volatile FileChannel channel;
        /** Why the last append failed; null after one that succeeded. */
        volatile DiskProblem failure;
        /** A failed append's bytes [tornFrom, tornEnd) that could not be cut away; -1 when there are none. */
        long tornFrom = -1;
        long tornEnd = -1;

        Target(Path file) {
            this.file = file;
        }

        FileChannel open(Opener opener) throws IOException {
            if (channel == null) {
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (FileChannel repair = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    cutTornAppend(repair);
                    repairTornLine(file, repair);
                }
                channel = opener.open(file);
            }
            return channel;
        }

        /** Cuts the file back to where the failed append began; when even that fails, the next append tries again. */
        void cutBack(long before, long written) {
            try {
                long size = channel.size();
                if (size == before + written) {
                    if (written > 0) {
                        channel.truncate(before);
                        LOG.info("{}: cut back the {} bytes of the append that failed, so no line is torn", file, written);
                    }
                    return;
                }
                // another process appended meanwhile: cutting would take its lines too; the next open ends the torn line
                LOG.error("{}: an append failed after writing {} bytes and another process appended after them; the line"
                        + " there may be torn (readers skip it)", file, written);
                dropChannel();
            } catch (IOException e) {
                tornFrom = before;
                tornEnd = before + written;
                LOG.error("{}: cannot cut back the {} bytes of an append that failed ({}); readers stop before them and the"
                        + " next append cuts them first", file, written, e.getMessage());
                dropChannel();
            }
        }

        private void cutTornAppend(FileChannel ch) throws IOException {
            if (tornFrom < 0) {
                return;
            }
            if (ch.size() == tornEnd) {
                ch.truncate(tornFrom); // still failing: this append is refused as well, nothing gets glued on
            } else {
                LOG.error("{} changed since an append failed in it; its last line may be torn (readers skip it)", file);
            }
            tornFrom = -1;
            tornEnd = -1;
        }

        DiskProblem failed(NamedFolders folders, long bytes, String what, IOException e) {
            // "nothing was appended", not "recorded": a caller may have acted before appending; EventIntake,
            // whose append is its only effect, tells its client that nothing was recorded
            DiskProblem p = DiskProblem.of(folders.describe(file), file, bytes, what, e,
                    "nothing was appended to " + file.getFileName());
            if (failure == null) {
                LOG.error("{} ({})", p.getMessage(), file); // once per run of failures; "works again" closes it
            }
            failure = p;
            return p;
        }

        void succeeded() {
            if (failure != null) {
                LOG.info("appends to {} work again", file);
                failure = null;
            }
        }

        private void dropChannel() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot close {}: {}", file, e.getMessage());
            }
            channel = null;
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
        targets.values().forEach(t -> {
            FileChannel ch = t.channel;
            if (ch == null) {
                return;
            }
            try {
                ch.close();
            } catch (IOException e) {
                LOG.warn("cannot close: {}", e.getMessage());
            }
        });
        targets.clear();
    }
}
