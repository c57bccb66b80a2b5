package requests;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.StateDb;

/** Per-minute and per-hour request aggregates (tables request_minutes and request_hours). */
final class AggregateRepository {
    enum Grain {
        MINUTE("request_minutes"), HOUR("request_hours");

        final String table;

        Grain(String table) {
            this.table = table;
        }
    }

    private final StateDb db;

    AggregateRepository(StateDb db) {
        this.db = db;
        for (Grain g : Grain.values()) {
            db.ensureSchema("CREATE TABLE IF NOT EXISTS " + g.table + " (bucket_start BIGINT PRIMARY KEY,"
                    + " total BIGINT NOT NULL, failures BIGINT NOT NULL, latency BYTEA NOT NULL)");
        }
    }

    StateDb db() {
        return db;
    }

    /** Minute counts without histograms: cheap enough to load the whole window at start. */
    List<long[]> loadCounts(Grain g, long from) {
        return db.inTransaction(c -> {
            List<long[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, total, failures FROM " + g.table
                    + " WHERE bucket_start >= ? ORDER BY bucket_start")) {
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
            return rows;
        });
    }

    List<Bucket> load(Grain g, long from, long toExclusive) {
        return db.inTransaction(c -> load(c, g, from, toExclusive));
    }

    List<Bucket> load(Connection c, Grain g, long from, long toExclusive) throws SQLException {
        List<Bucket> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, total, failures, latency FROM " + g.table
                + " WHERE bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start")) {
            ps.setLong(1, from);
            ps.setLong(2, toExclusive);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Bucket(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            decodeLatency(rs.getBytes(4))));
                }
            }
        }
        return rows;
    }

    /**
     * The stored buckets among {@code starts}, in one range query: a catch-up touches a run of
     * consecutive minutes, and a row outside the set is skipped without decoding its histogram.
     */
    Map<Long, Bucket> find(Connection c, Grain g, Set<Long> starts) throws SQLException {
        Map<Long, Bucket> found = new HashMap<>();
        if (starts.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, total, failures, latency FROM " + g.table
                + " WHERE bucket_start >= ? AND bucket_start <= ?")) {
            ps.setLong(1, Collections.min(starts));
            ps.setLong(2, Collections.max(starts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    if (starts.contains(start)) {
                        found.put(start, new Bucket(start, rs.getLong(2), rs.getLong(3),
                                decodeLatency(rs.getBytes(4))));
                    }
                }
            }
        }
        return found;
    }

    void upsert(Connection c, Grain g, Collection<Bucket> buckets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + g.table
                + " (bucket_start, total, failures, latency) VALUES (?, ?, ?, ?) ON CONFLICT (bucket_start) DO UPDATE SET"
                + " total = excluded.total, failures = excluded.failures, latency = excluded.latency")) {
            ByteBuffer scratch = LatencyHistograms.encodeBuffer();
            for (Bucket b : buckets) {
                ps.setLong(1, b.start());
                ps.setLong(2, b.total());
                ps.setLong(3, b.failures());
                ps.setBytes(4, b.hasLatency() ? LatencyHistograms.encode(b.latency(), scratch) : new byte[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void deleteBefore(Connection c, Grain g, long start) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + g.table + " WHERE bucket_start < ?")) {
            ps.setLong(1, start);
            ps.executeUpdate();
        }
    }

    /** An empty value marks a minute stored with counts only. */
    private static org.HdrHistogram.Histogram decodeLatency(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? null : LatencyHistograms.decode(bytes);
    }
}
