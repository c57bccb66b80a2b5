package base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of "latest" JSON files: temp file in the same folder, fsync, atomic rename.
 * A write that fails (a full disk) leaves the previous file as it was and no temp file behind,
 * and throws a {@link DiskProblem} (507 when the disk is full) that says so.
 * {@link #reports} skips the fsync, for the report files every run rewrites (NAME.json): readers
 * still see the old file or the new one whole (the rename is atomic), only a power loss may leave
 * the previous run's file (ext4 flushes a file replaced by rename before the rename is committed),
 * and the next run rewrites it anyway. With the fsync, a usage post (a cost run each) waited for one:
 * 20 ms on average and up to 355 ms under load, and the posts queued behind it.
 */
public final class AtomicJsonWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicJsonWriter.class);
    private final NamedFolders folders;
    private final boolean fsync;

    public AtomicJsonWriter() {
        this(NamedFolders.NONE);
    }

    /** @param folders names the disk in errors ("the disk under LOGS_DIR is full") */
    public AtomicJsonWriter(NamedFolders folders) {
        this(folders, true);
    }

    private AtomicJsonWriter(NamedFolders folders, boolean fsync) {
        this.folders = folders;
        this.fsync = fsync;
    }

    /** The writer of report files that every run rewrites: atomic, without the fsync (see above). */
    public static AtomicJsonWriter reports(NamedFolders folders) {
        return new AtomicJsonWriter(folders, false);
    }

    public void write(Path file, Object value) {
        writeBytes(file, Json.bytes(value));
    }

    public void writeBytes(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(content);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    if (fsync) {
                        ch.force(true);
                    }
                }
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            DiskProblem p = DiskProblem.of(folders.describe(file), file, content.length,
                    "writing " + content.length + " bytes to " + file.getFileName(), e,
                    "the previous " + file.getFileName() + " is kept");
            LOG.warn("{} ({})", p.getMessage(), file); // timers have no client: the log is where this shows
            throw p;
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
