package costs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import base.StateDb;

/**
 * Spend per model per minute, in nano-dollars (table cost_usage_minutes). New spend is added to
 * the stored bucket by the database itself, so two writers never lose each other's events.
 */
final class UsageRepository {
    /** A model's spend in the minute starting at {@code start}. */
    record Row(String model, long start, long nanos) {
    }

    /** A bucket's key while a batch is folded. */
    record Key(String model, long start) {
    }

    private final StateDb db;

    UsageRepository(StateDb db) {
        this.db = db;
    }

    /** Every bucket that starts at or after {@code from}. */
    List<Row> since(long from) {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT model, bucket_start, nano_usd FROM cost_usage_minutes WHERE bucket_start >= ?")) {
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return rows;
        });
    }

    /** Adds each bucket's spend ({nanos, events}) to what is stored, in the caller's transaction. */
    void add(Connection c, Map<Key, long[]> buckets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cost_usage_minutes (model, bucket_start, nano_usd, events)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (model, bucket_start) DO UPDATE SET"
                + " nano_usd = cost_usage_minutes.nano_usd + excluded.nano_usd,"
                + " events = cost_usage_minutes.events + excluded.events")) {
            for (Map.Entry<Key, long[]> b : buckets.entrySet()) {
                ps.setString(1, b.getKey().model());
                ps.setLong(2, b.getKey().start());
                ps.setLong(3, b.getValue()[0]);
                ps.setLong(4, b.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void deleteBefore(Connection c, long start) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cost_usage_minutes WHERE bucket_start < ?")) {
            ps.setLong(1, start);
            ps.executeUpdate();
        }
    }
}
