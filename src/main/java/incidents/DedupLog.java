package incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import base.StateDb;

/**
 * When each fingerprint was last paged (queued for a channel), persisted in the state database
 * so that the dedup window survives a restart, and mirrored in memory so that checking a raise
 * costs no query. Entries older than the window no longer count and are purged by the job.
 * (One daemon per database: a second replica would not see this one's memory.)
 */
public final class DedupLog {
    private final GroupCommit writes;
    private final StateDb db;
    private final Duration window;
    private final Clock clock;
    /** Compact: with a new fingerprint per raise a map of String to Long grew 120 bytes a raise (see FingerprintTimes). */
    private final FingerprintTimes pagedAt = new FingerprintTimes();

    public DedupLog(StateDb db, GroupCommit writes, Duration window, Clock clock) {
        this.db = db;
        this.writes = writes;
        this.window = window;
        this.clock = clock;
        db.ensureSchema("CREATE TABLE IF NOT EXISTS incident_dedup (fingerprint VARCHAR(16) PRIMARY KEY, paged_at BIGINT NOT NULL)");
        load();
    }

    /** True when the fingerprint was paged less than the window ago: a new raise is suppressed. */
    public boolean withinWindow(String fingerprint) {
        Long at = pagedAt.get(fingerprint);
        return at != null && clock.millis() - at < window.toMillis();
    }

    /** Records "paged now"; committed before it returns. */
    public void recordPaged(String fingerprint) {
        long now = clock.millis();
        writes.run(c -> {
            upsert(c, fingerprint, now);
            return null;
        });
        pagedAt.put(fingerprint, now);
    }

    /** The row of a page, written in the caller's transaction (the one that queues the page). */
    static void upsert(Connection c, String fingerprint, long pagedAtMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_dedup (fingerprint, paged_at) VALUES (?, ?)"
                + " ON CONFLICT (fingerprint) DO UPDATE SET paged_at = excluded.paged_at")) {
            ps.setString(1, fingerprint);
            ps.setLong(2, pagedAtMillis);
            ps.executeUpdate();
        }
    }

    /** Makes a page whose row is already committed (see {@link #upsert}) count in memory too. */
    public void remember(String fingerprint, long pagedAtMillis) {
        pagedAt.put(fingerprint, pagedAtMillis);
    }

    /** The row of a page that was taken back, in the caller's transaction; see {@link #unremember}. */
    static void delete(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_dedup WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            ps.executeUpdate();
        }
    }

    /** Forgets in memory a page that was taken back, so that the next raise pages. */
    public void unremember(String fingerprint) {
        pagedAt.remove(fingerprint);
    }

    /** Drops entries older than the window, in memory and in the database. */
    public int purgeExpired() {
        long cutoff = clock.millis() - window.toMillis();
        pagedAt.removeOlderThan(cutoff);
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_dedup WHERE paged_at <= ?")) {
                ps.setLong(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    public void clear() {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_dedup")) {
                ps.executeUpdate();
            }
            return null;
        });
        pagedAt.clear();
    }

    private void load() {
        long cutoff = clock.millis() - window.toMillis();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, paged_at FROM incident_dedup WHERE paged_at > ?")) {
                ps.setLong(1, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pagedAt.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return null;
        });
    }
}
