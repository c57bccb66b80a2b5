package incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import base.StateDb;

/**
 * When each fingerprint was last paged (queued for a channel), in the shared state database: the
 * dedup decision is one statement on table incident_dedup, taken in the transaction that queues the
 * page, so every replica on the database decides the same and two raises of one fingerprint at the
 * same moment page once, whichever replicas took them. No copy is kept in memory: a replica's memory
 * would not see another replica's pages. Rows older than the window no longer count and are purged.
 */
public final class DedupLog {
    private final StateDb db;
    private final Duration window;
    private final Clock clock;

    public DedupLog(StateDb db, Duration window, Clock clock) {
        this.db = db;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Claims the page of a fingerprint at {@code pagedAtMillis} in the caller's transaction: true when
     * it was never paged or last paged at least the window ago (the row now says "paged then"), false
     * when it was paged within the window (the row is left alone: the raise is suppressed). One
     * INSERT ... ON CONFLICT ... DO UPDATE ... WHERE, so the row count decides: on PostgreSQL a
     * concurrent claim of the same fingerprint waits for this one's commit and then finds the window
     * taken (SQLite 3.24+ runs the same statement, with one writer at a time).
     */
    boolean claim(Connection c, String fingerprint, long pagedAtMillis) throws SQLException {
        PreparedStatement ps = db.reused(c, "INSERT INTO incident_dedup (fingerprint, paged_at) VALUES (?, ?)"
                + " ON CONFLICT (fingerprint) DO UPDATE SET paged_at = excluded.paged_at"
                + " WHERE incident_dedup.paged_at <= ?");
        ps.setString(1, fingerprint);
        ps.setLong(2, pagedAtMillis);
        ps.setLong(3, pagedAtMillis - window.toMillis());
        return ps.executeUpdate() == 1;
    }

    /**
     * Gives back a claim whose raise was taken back, in the caller's transaction: only the row this
     * claim wrote (a later claim by another raise stays), so the next raise pages.
     */
    static void release(Connection c, String fingerprint, long pagedAtMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_dedup WHERE fingerprint = ? AND paged_at = ?")) {
            ps.setString(1, fingerprint);
            ps.setLong(2, pagedAtMillis);
            ps.executeUpdate();
        }
    }

    /** Forgets a fingerprint's page, committed before it returns: its incident was resolved, so its next raise pages. */
    public void forget(String fingerprint) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_dedup WHERE fingerprint = ?")) {
                ps.setString(1, fingerprint);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Drops rows older than the window. */
    public int purgeExpired() {
        long cutoff = clock.millis() - window.toMillis();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_dedup WHERE paged_at <= ?")) {
                ps.setLong(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}
