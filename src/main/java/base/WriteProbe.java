package base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Asks a folder to take a real write: a 4 KiB file, forced to the disk, then deleted. Creating an
 * empty file is not enough: a full disk still has inodes, so it succeeds, and some file systems
 * only say "no space" when the data is flushed. The outcome is reused for a second, so a health
 * endpoint polled in a burst costs one small fsync per folder, not one per poll.
 */
final class WriteProbe {
    static final int PROBE_BYTES = 4096;
    private static final long REUSE_NANOS = 1_000_000_000L;

    /** When the probe ran and, if it failed, why and whether the disk was full; null reason: it succeeded. */
    private record Outcome(long at, String reason, boolean full) {
    }

    private final ConcurrentMap<Path, Outcome> last = new ConcurrentHashMap<>();

    /**
     * Why the folder cannot take a write, or empty when it can.
     * @param name  the setting, e.g. LOGS_DIR
     * @param label what the folder is, e.g. "logs folder"
     */
    Optional<String> problem(Path folder, String name, String label) {
        Path key = NamedFolders.normalize(folder);
        long now = System.nanoTime();
        Outcome o = last.get(key);
        if (o == null || now - o.at() > REUSE_NANOS) {
            o = probe(key, now);
            last.put(key, o);
        }
        if (o.reason() == null) {
            return Optional.empty();
        }
        return Optional.of(o.full()
                ? DiskProblem.full(name, "a " + PROBE_BYTES + "-byte probe could not be written into " + key + ": " + o.reason())
                        .condition()
                : "cannot write into the " + label + " " + key + " (" + name + "): " + o.reason());
    }

    private static Outcome probe(Path folder, long now) {
        Path probe = null;
        try {
            Files.createDirectories(folder);
            probe = Files.createTempFile(folder, ".health-", ".probe");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.allocate(PROBE_BYTES);
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(false);
            }
            return new Outcome(now, null, false);
        } catch (IOException e) {
            return new Outcome(now, DiskProblem.reason(e), DiskProblem.isFull(folder.resolve("probe"), PROBE_BYTES, e));
        } catch (RuntimeException e) {
            return new Outcome(now, e.toString(), false);
        } finally {
            deleteQuietly(probe);
        }
    }

    private static void deleteQuietly(Path probe) {
        if (probe == null) {
            return;
        }
        try {
            Files.deleteIfExists(probe);
        } catch (IOException e) {
            // a probe left behind is 4 KiB in a hidden file; the next probe tries with a new name
        }
    }
}
