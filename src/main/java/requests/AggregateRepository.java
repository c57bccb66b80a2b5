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

import base.StateDb;

/**
 * Request aggregates (tables request_minutes and request_hours). An hour's row holds its latencies
 * and its counts per minute (column minute_counts, see {@link MinuteCounts}); request_minutes holds
 * only the minutes that keep a latency histogram (the last {@link RequestLog#MINUTE_LATENCY_KEPT}).
 */
final class AggregateRepository {
    enum Grain {
        MINUTE("request_minutes", ""), HOUR("request_hours", ", minute_counts");

        final String table;
        /** The columns after bucket_start, total, failures, latency. */
        final String extra;

        Grain(String table, String extra) {
            this.table = table;
            this.extra = extra;
        }
    }

    private final StateDb db;
    /**
     * Where histograms are encoded (a few hundred KB): one per repository, reused by its writes (one
     * at a time), since every posted batch is folded at once and a new buffer per fold cost 40 % of the ingest rate.
     */
    private ByteBuffer scratch;

    AggregateRepository(StateDb db) {
        this.db = db;
    }

    StateDb db() {
        return db;
    }

    List<Bucket> load(Grain g, long from, long toExclusive) {
        return db.read(c -> load(c, g, from, toExclusive));
    }

    List<Bucket> load(Connection c, Grain g, long from, long toExclusive) throws SQLException {
        List<Bucket> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, total, failures, latency" + g.extra
                + " FROM " + g.table + " WHERE bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start")) {
            ps.setLong(1, from);
            ps.setLong(2, toExclusive);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(bucket(g, rs, rs.getLong(1)));
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
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, total, failures, latency" + g.extra
                + " FROM " + g.table + " WHERE bucket_start >= ? AND bucket_start <= ?")) {
            ps.setLong(1, Collections.min(starts));
            ps.setLong(2, Collections.max(starts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    if (starts.contains(start)) {
                        found.put(start, bucket(g, rs, start));
                    }
                }
            }
        }
        return found;
    }

    /** Hours written by state versions after {@code version}, from {@code from} on. */
    List<Bucket> hoursChangedAfter(long version, long from) {
        return db.read(c -> {
            List<Bucket> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, total, failures, latency" + Grain.HOUR.extra
                    + " FROM " + Grain.HOUR.table + " WHERE version > ? AND bucket_start >= ? ORDER BY bucket_start")) {
                ps.setLong(1, version);
                ps.setLong(2, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(bucket(Grain.HOUR, rs, rs.getLong(1)));
                    }
                }
            }
            return rows;
        });
    }

    /** @param version the state version of this write (hours keep it, see {@link #hoursChangedAfter}) */
    synchronized void upsert(Connection c, Grain g, Collection<Bucket> buckets, long version) throws SQLException {
        boolean hour = g == Grain.HOUR;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + g.table
                + " (bucket_start, total, failures, latency" + g.extra + (hour ? ", version" : "") + ") VALUES (?, ?, ?, ?"
                + (hour ? ", ?, ?" : "") + ") ON CONFLICT (bucket_start) DO UPDATE SET"
                + " total = excluded.total, failures = excluded.failures, latency = excluded.latency"
                + (hour ? ", minute_counts = excluded.minute_counts, version = excluded.version" : ""))) {
            if (scratch == null) {
                scratch = LatencyHistograms.encodeBuffer();
            }
            for (Bucket b : buckets) {
                ps.setLong(1, b.start());
                ps.setLong(2, b.total());
                ps.setLong(3, b.failures());
                ps.setBytes(4, b.hasLatency() ? LatencyHistograms.encode(b.latency(), scratch) : new byte[0]);
                if (hour) {
                    ps.setBytes(5, b.minuteCounts().encode());
                    ps.setLong(6, version);
                }
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

    private static Bucket bucket(Grain g, ResultSet rs, long start) throws SQLException {
        return new Bucket(start, rs.getLong(2), rs.getLong(3), decodeLatency(rs.getBytes(4)),
                g == Grain.HOUR ? MinuteCounts.decode(rs.getBytes(5)) : null);
    }

    /** An empty value marks a minute stored with counts only. */
    private static org.HdrHistogram.Histogram decodeLatency(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? null : LatencyHistograms.decode(bytes);
    }
}
