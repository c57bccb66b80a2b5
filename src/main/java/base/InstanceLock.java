package base;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process per DATA_DIR: the daemon (or a one-shot run) holds an exclusive lock on
 * DATA_DIR/echopilot.lock. A second process would keep its own view of the state (aggregates,
 * dedup, outbox) and page twice, so it is refused at start with a line saying what to do.
 */
public final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static InstanceLock acquire(Path dataDir) {
        Path file = dataDir.resolve("echopilot.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(ch);
            if (lock == null) {
                ch.close();
                throw new ConfigException("DATA_DIR", "another EchoPilot process is using " + dataDir.toAbsolutePath()
                        + "; stop it first, or ask the running daemon over HTTP (e.g. POST /api/slo/refresh)");
            }
            return new InstanceLock(ch, lock);
        } catch (IOException e) {
            throw new ConfigException("DATA_DIR", "cannot create the lock file " + file + " (" + e.getMessage() + ")");
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
