package incidents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import base.StateDb;

/**
 * Pages not yet delivered, in the state database: a page is written here before anyone is told
 * it was queued, and leaves the pending set only when a channel accepted it, or refused that very
 * message for good (it is then kept as refused, for the summary). A restart or a crash therefore
 * never drops one; every INCIDENT_INTERVAL run retries what is still pending, pages before digests.
 */
public final class Outbox {
    private final StateDb db;
    private final Lease lease;

    public Outbox(StateDb db, Lease lease) {
        this.db = db;
        this.lease = lease;
    }

    StateDb db() {
        return db;
    }

    Lease lease() {
        return lease;
    }

    /**
     * The insert, for a caller that commits it together with other writes. The pages are leased to
     * this replica from the start: no other replica sends them while their raise is being recorded
     * here (a raise taken back deletes them), nor while this one sends them.
     */
    void insert(java.sql.Connection c, List<Page> pages) throws SQLException {
        PreparedStatement ps = db.reused(c, "INSERT INTO incident_outbox (id, channel, kind, fingerprint, subject,"
                + " text, created_at, attempts, failed_attempts, claimed_by, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)");
        long until = lease.until();
        for (Page p : pages) {
            ps.setString(8, lease.holder());
            ps.setLong(9, until);
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

    /** Pending pages that no other replica holds a current lease on, pages before digests. */
    public List<Page> pending() {
        return db.inTransaction(c -> {
            List<Page> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, channel, kind, fingerprint, subject, text, created_at,"
                    + " attempts FROM incident_outbox WHERE delivered_at IS NULL AND refused_at IS NULL"
                    + " AND (claimed_until IS NULL OR claimed_until < ? OR claimed_by = ?)"
                    + " ORDER BY CASE kind WHEN '" + Page.CRITICAL + "' THEN 0 ELSE 1 END, created_at, id")) {
                ps.setLong(1, lease.now());
                ps.setString(2, lease.holder());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Page(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getLong(7), rs.getInt(8)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Takes (or renews) this replica's lease on a pending page before it is sent: true when no other
     * replica holds a current one. One UPDATE whose row count decides, so of two replicas claiming
     * the same page at the same moment one wins (on PostgreSQL the other waits for its commit and
     * then sees the lease).
     */
    public boolean claim(String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE incident_outbox SET claimed_by = ?, claimed_until = ?"
                    + " WHERE id = ? AND delivered_at IS NULL AND refused_at IS NULL"
                    + " AND (claimed_by = ? OR claimed_until IS NULL OR claimed_until < ?)")) {
                ps.setString(1, lease.holder());
                ps.setLong(2, lease.until());
                ps.setString(3, id);
                ps.setString(4, lease.holder());
                ps.setLong(5, lease.now());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Renews this replica's lease on a page it is sending, to cover a wait of {@code waitMillis} before
     * the next attempt and that attempt; false when the lease was lost (it ran out and another replica
     * took the page) or the page is no longer pending: then this replica must not send it again.
     */
    public boolean renew(String id, long waitMillis) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE incident_outbox SET claimed_until = ?"
                    + " WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL AND refused_at IS NULL")) {
                ps.setLong(1, lease.until() + waitMillis);
                ps.setString(2, id);
                ps.setString(3, lease.holder());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Gives up this replica's lease on a page whose attempts ended undelivered: any replica's next run may send it. */
    public void release(String id) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE incident_outbox SET claimed_until = NULL"
                    + " WHERE id = ? AND claimed_by = ?")) {
                ps.setString(1, id);
                ps.setString(2, lease.holder());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Attempts made so far on a pending page, or -1 when it was delivered meanwhile (or is unknown). */
    public int attemptsIfPending(String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM incident_outbox WHERE id = ? AND delivered_at IS NULL AND refused_at IS NULL")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            }
        });
    }

    /**
     * Counts one attempt; a delivered or refused page leaves the pending set for good. Returns the
     * page's attempts so far, this one included.
     */
    public int recordAttempt(String id, SendResult result, long now) {
        return db.inTransaction(c -> {
            String sql = switch (result.kind()) {
                case DELIVERED -> "UPDATE incident_outbox SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?";
                case REFUSED -> "UPDATE incident_outbox SET attempts = attempts + 1, failed_attempts = failed_attempts + 1,"
                        + " refused_at = ?, last_error = ? WHERE id = ?";
                default -> "UPDATE incident_outbox SET attempts = attempts + 1, failed_attempts = failed_attempts + 1,"
                        + " last_error = ? WHERE id = ?";
            };
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int k = 1;
                if (result.kind() == SendResult.Kind.DELIVERED || result.kind() == SendResult.Kind.REFUSED) {
                    ps.setLong(k++, now);
                }
                if (!result.ok()) {
                    String error = result.error();
                    ps.setString(k++, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
                }
                ps.setString(k, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM incident_outbox WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Removes pages whose raise was not acknowledged (its history line could not be written). */
    static void delete(java.sql.Connection c, List<Page> pages) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_outbox WHERE id = ?")) {
            for (Page p : pages) {
                ps.setString(1, p.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Forgets delivered and refused pages older than the cutoff; pending ones are kept whatever their age. */
    public int purgeFinishedBefore(long cutoff) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_outbox WHERE (delivered_at IS NOT NULL"
                    + " AND delivered_at < ?) OR (refused_at IS NOT NULL AND refused_at < ?)")) {
                ps.setLong(1, cutoff);
                ps.setLong(2, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Pages sent since a time, pending pages that have already failed, pages pending now, and
     * pages refused for good since that time.
     */
    public record Counts(long sent, long failed, long pending, long refused) {
    }

    public Counts counts(long since) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT"
                    + " SUM(CASE WHEN delivered_at IS NOT NULL AND delivered_at >= ? THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN delivered_at IS NULL AND refused_at IS NULL AND failed_attempts > 0 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN delivered_at IS NULL AND refused_at IS NULL THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN refused_at IS NOT NULL AND refused_at >= ? THEN 1 ELSE 0 END) FROM incident_outbox")) {
                ps.setLong(1, since);
                ps.setLong(2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
                }
            }
        });
    }
}
