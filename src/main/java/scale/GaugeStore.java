package scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Optional;

import base.AtomicJsonWriter;
import base.Json;
import base.StateDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest queue gauge, from two sources: METRICS_QUEUE_FILE (the whole file, written by the
 * app) and POST /api/scale/metrics (kept in table scale_gauge). A posted gauge is also written
 * to the file atomically, so both agree; when they differ (the app rewrote the file since) the
 * one with the newer ts wins.
 */
public final class GaugeStore {
    private static final Logger LOG = LoggerFactory.getLogger(GaugeStore.class);
    private final Path file;
    private final StateDb db;
    private final AtomicJsonWriter writer;
    private volatile String lastFileProblem;

    public GaugeStore(Path file, StateDb db, AtomicJsonWriter writer) {
        this.file = file;
        this.db = db;
        this.writer = writer;
    }

    public Path file() {
        return file;
    }

    /** Stores a posted gauge: committed to the DB first, then the file. */
    public void record(QueueGauge g) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scale_gauge (id, ts_ms, queue_depth, workers)"
                    + " VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET ts_ms = excluded.ts_ms,"
                    + " queue_depth = excluded.queue_depth, workers = excluded.workers")) {
                ps.setLong(1, g.tsMillis());
                ps.setLong(2, g.queueDepth());
                if (g.workers() == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, g.workers());
                }
                ps.executeUpdate();
            }
            return null;
        });
        writer.write(file, g.toJson());
    }

    /** The newer of the file's and the database's gauge; empty when neither has one. */
    public Optional<QueueGauge> latest(long now) {
        Optional<QueueGauge> fromFile = fromFile(now);
        Optional<QueueGauge> fromDb = fromDb();
        if (fromFile.isEmpty()) {
            return fromDb;
        }
        if (fromDb.isEmpty()) {
            return fromFile;
        }
        return fromFile.get().tsMillis() >= fromDb.get().tsMillis() ? fromFile : fromDb;
    }

    private Optional<QueueGauge> fromFile(long now) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            QueueGauge g = QueueGauge.parse(Json.MAPPER.readTree(bytes), modified, now);
            lastFileProblem = null;
            return Optional.of(g);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            warnOnce(e.getMessage());
            return Optional.empty();
        }
    }

    /** A broken file is reported once per distinct problem, not on every run. */
    private void warnOnce(String problem) {
        String first = problem == null ? "unreadable" : problem.split("\n")[0];
        if (!first.equals(lastFileProblem)) {
            lastFileProblem = first;
            LOG.warn("{} is not a usable queue gauge ({}); ignoring it", file, first);
        }
    }

    private Optional<QueueGauge> fromDb() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ts_ms, queue_depth, workers FROM scale_gauge WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int w = rs.getInt(3);
                Integer workers = rs.wasNull() ? null : w;
                return Optional.of(new QueueGauge(rs.getLong(1), rs.getLong(2), workers));
            }
        });
    }
}
