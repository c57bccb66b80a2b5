package incidents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import app.StateDb;

/**
 * Pages not yet delivered, in the state database: a page is written here before anyone is told
 * it was queued, and leaves the pending set only when a channel accepted it. A restart or a crash
 * therefore never drops one; every INCIDENT_INTERVAL run retries what is still pending.
 */
public final class Outbox {
    private final StateDb db;

    public Outbox(StateDb db) {
        this.db = db;
        db.ensureSchema("""
                CREATE TABLE IF NOT EXISTS incident_outbox (
                  id VARCHAR(40) PRIMARY KEY, channel VARCHAR(16) NOT NULL, kind VARCHAR(16) NOT NULL,
                  fingerprint VARCHAR(16), subject VARCHAR(1000) NOT NULL, text VARCHAR(20000) NOT NULL,
                  created_at BIGINT NOT NULL, attempts INTEGER NOT NULL, failed_attempts INTEGER NOT NULL,
                  delivered_at BIGINT, last_error VARCHAR(1000))""",
                "CREATE INDEX IF NOT EXISTS incident_outbox_pending ON incident_outbox (delivered_at, created_at)");
    }

    /** The insert, for a caller that commits it together with other writes. */
    static void insert(java.sql.Connection c, List<Page> pages) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_outbox (id, channel, kind, fingerprint, subject,"
                + " text, created_at, attempts, failed_attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
            for (Page p : pages) {
                ps.setString(1, p.id());
                ps.setString(2, p.channel());
                ps.setString(3, p.kind());
                ps.setString(4, p.fingerprint());
                ps.setString(5, p.subject());
                ps.setString(6, p.text());
                ps.setLong(7, p.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public List<Page> pending() {
        return db.inTransaction(c -> {
            List<Page> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, channel, kind, fingerprint, subject, text, created_at,"
                    + " attempts FROM incident_outbox WHERE delivered_at IS NULL ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Page(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7), rs.getInt(8)));
                }
            }
            return out;
        });
    }

    /** Attempts made so far on a pending page, or -1 when it was delivered meanwhile (or is unknown). */
    public int attemptsIfPending(String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM incident_outbox WHERE id = ? AND delivered_at IS NULL")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            }
        });
    }

    /** Counts one attempt; a delivered page leaves the pending set for good. */
    public void recordAttempt(String id, boolean delivered, String error, long now) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(delivered
                    ? "UPDATE incident_outbox SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?"
                    : "UPDATE incident_outbox SET attempts = attempts + 1, failed_attempts = failed_attempts + 1,"
                    + " last_error = ? WHERE id = ?")) {
                if (delivered) {
                    ps.setLong(1, now);
                } else {
                    ps.setString(1, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
                }
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Pages sent since a time, pages pending now, and pending pages that have already failed. */
    public record Counts(long sent, long failed, long pending) {
    }

    public Counts counts(long since) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT"
                    + " SUM(CASE WHEN delivered_at IS NOT NULL AND delivered_at >= ? THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN delivered_at IS NULL AND failed_attempts > 0 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END) FROM incident_outbox")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }
}
