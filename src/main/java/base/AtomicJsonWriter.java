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
 */
public final class AtomicJsonWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicJsonWriter.class);
    private final NamedFolders folders;

    public AtomicJsonWriter() {
        this(NamedFolders.NONE);
    }

    /** @param folders names the disk in errors ("the disk under LOGS_DIR is full") */
    public AtomicJsonWriter(NamedFolders folders) {
        this.folders = folders;
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
                    ch.force(true);
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
