package base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Files are kept bounded by {@link LogRotation}: an append that would take a file past the limit
 * first renames it to file.1 (older ones shift up, the oldest past the kept count is deleted) and
 * starts a new file, under the file's lock and between two whole appends, so no line is torn or
 * lost. Input files that a follower folds are rotated by the follower instead, once it has read
 * all of them ({@link #foldRestThenRotate}).
 */
public final class NdjsonAppender implements AppendFence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdjsonAppender.class);
    private static final long POSTPONED_REPORT_EVERY_NANOS = java.util.concurrent.TimeUnit.HOURS.toNanos(1);

    /** Opens a file for appending; tests hand in channels that fail the way a full disk does. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final ConcurrentMap<Path, Target> targets = new ConcurrentHashMap<>();
    /** Inputs rotated by their follower once folded, never by an append. */
    private final Set<Path> followed = ConcurrentHashMap.newKeySet();
    private final NamedFolders folders;
    private final Opener opener;
    private final LogRotation rotation;

    public NdjsonAppender() {
        this(NamedFolders.NONE);
    }

    /** @param folders names the disk in errors ("the disk under LOGS_DIR is full") */
    public NdjsonAppender(NamedFolders folders) {
        this(folders, LogRotation.NONE);
    }

    /** @param rotation when files are rotated and how many older ones are kept (LOGS_MAX_MB, LOGS_KEEP) */
    public NdjsonAppender(NamedFolders folders, LogRotation rotation) {
        this(folders, file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), rotation);
    }

    NdjsonAppender(NamedFolders folders, Opener opener) {
        this(folders, opener, LogRotation.NONE);
    }

    NdjsonAppender(NamedFolders folders, Opener opener, LogRotation rotation) {
        this.folders = folders;
        this.opener = opener;
        this.rotation = rotation;
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
                if (followed.contains(t.file)) {
                    t.warnIfPostponed(rotation, before);
                } else if (rotation.due(before, total) && t.rotate(rotation)) {
                    ch = t.open(opener);
                    before = ch.size();
                }
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

    @Override
    public void followed(Path file) {
        followed.add(NamedFolders.normalize(file));
    }

    /**
     * Appends to the file wait meanwhile, so when the follower's read reaches the size taken here,
     * every line of the file has been folded and saved: only then is it renamed to file.1. The new
     * file has another identity, so the follower starts it at 0 and never reads the old one again.
     */
    @Override
    public boolean foldRestThenRotate(Path file, FoldRest rest) {
        if (!rotation.rotateInputs()) {
            return false;
        }
        Target t = target(file);
        synchronized (t) {
            long size;
            try {
                size = Files.size(t.file);
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                LOG.warn("cannot tell the size of {} to rotate it: {}", t.file, e.getMessage());
                return false;
            }
            if (!rotation.due(size, 0)) {
                return false;
            }
            long reached = rest.foldRest();
            try {
                // another process may append to an input too: its lines after `reached` would be lost with the old file
                if (reached == size && Files.size(t.file) == size) {
                    return t.rotate(rotation);
                }
                LOG.debug("{}: {} of {} bytes folded; rotation waits for the next catch-up", t.file, reached, size);
            } catch (IOException e) {
                LOG.warn("cannot tell the size of {} to rotate it: {}", t.file, e.getMessage());
            }
            return false;
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
        /** When a followed input past twice the limit was last reported (System.nanoTime); 0: never. */
        long postponedReportedAt;
        /** A rotation failed and was reported; reset when one succeeds. */
        boolean rotationFailureReported;

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

        /**
         * Renames file.(keep-1) to file.keep ... file to file.1 (the oldest past keep is replaced) and
         * drops the channel, so the next append opens a new file. Called under this target's lock,
         * between whole appends. A rename that fails leaves the file in place: appending on is better
         * than refusing events for want of a rotation. Returns whether the file was rotated.
         */
        boolean rotate(LogRotation rotation) {
            if (tornFrom >= 0) {
                return false; // bytes of a failed append still wait to be cut from this very file
            }
            if (channel != null) {
                dropChannel();
            }
            try {
                for (int n = rotation.keep() - 1; n >= 1; n--) {
                    Path older = LogRotation.older(file, n);
                    if (Files.exists(older)) {
                        Files.move(older, LogRotation.older(file, n + 1), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                long size = Files.size(file);
                Files.move(file, LogRotation.older(file, 1), StandardCopyOption.REPLACE_EXISTING);
                LOG.info("rotated {} ({} bytes) to {}; keeping {} older file(s) (LOGS_MAX_MB, LOGS_KEEP)", file, size,
                        LogRotation.older(file, 1).getFileName(), rotation.keep());
                rotationFailureReported = false;
                return true;
            } catch (IOException e) {
                if (!rotationFailureReported) {
                    LOG.warn("cannot rotate {} ({}); appending to it as it is, the next append past LOGS_MAX_MB tries again",
                            file, e.toString());
                    rotationFailureReported = true;
                }
                return false;
            }
        }

        /**
         * An input that grows past twice the limit between two catch-ups: said once an hour at most, as a busy input
         * does so at every interval and the operator needs to hear it, not read it in every line of the log.
         */
        void warnIfPostponed(LogRotation rotation, long size) {
            if (!rotation.rotateInputs() || size <= 2 * Math.min(rotation.maxBytes(), Long.MAX_VALUE / 4)) {
                return;
            }
            long now = System.nanoTime();
            if (postponedReportedAt == 0 || now - postponedReportedAt > POSTPONED_REPORT_EVERY_NANOS) {
                LOG.warn("{} is {} bytes, over twice LOGS_MAX_MB, and is not rotated yet: an input is rotated only after its"
                        + " reader (the SLO job every SLO_INTERVAL, the cost job every COST_INTERVAL) has folded every line."
                        + " Raise LOGS_MAX_MB or shorten the interval if that is too much; said at most once an hour", file, size);
                postponedReportedAt = now == 0 ? 1 : now;
            }
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
