package incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import base.StateDb;

/**
 * ERROR and WARNING incidents waiting for the next digest, in the state database. The run that
 * builds the digest takes them and puts the digest pages in the outbox in one transaction. An entry
 * is held by the replica that queued it (held_by, held_until) until its raise is recorded there;
 * a run marks what it takes (taken_by) before reading it, so two replicas building a digest at the
 * same moment never list the same entry twice.
 */
public final class DigestQueue {
    static final int TOP_SOURCES = 5;

    private DigestQueue() {
    }

    /** Queues the incident under the id the caller chose (it holds the entry until the raise is recorded). */
    static void add(StateDb db, Connection c, Incident i, String id, Lease lease) throws SQLException {
        PreparedStatement ps = db.reused(c, "INSERT INTO incident_digest (id, ts, severity, source, msg, fingerprint,"
                + " held_by, held_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setString(7, lease.holder());
        ps.setLong(8, lease.until());
        ps.setString(1, id);
        ps.setLong(2, i.ts().toEpochMilli());
        ps.setString(3, i.severity().name());
        ps.setString(4, i.source());
        ps.setString(5, i.msg());
        ps.setString(6, i.fingerprint());
        ps.executeUpdate();
    }

    static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_digest WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * Everything waiting but the {@code held} entries (raises not recorded yet on this replica) and
     * those another replica holds, counted, with at most {@code maxListed} incidents loaded (ERRORs
     * first, then oldest first); what was taken leaves the queue inside the caller's transaction.
     * The entries are first marked with this take's token by one UPDATE: a concurrent take on
     * PostgreSQL waits for the rows this one marked and then skips them.
     */
    static Digest take(Connection c, int maxListed, Set<String> held, Lease lease) throws SQLException {
        List<String> heldIds = List.copyOf(held);
        String token = java.util.UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement("UPDATE incident_digest SET taken_by = ? WHERE taken_by IS NULL"
                + " AND (held_by = ? OR held_until IS NULL OR held_until < ?)"
                + (heldIds.isEmpty() ? "" : " AND id NOT IN (" + String.join(",", java.util.Collections.nCopies(heldIds.size(), "?")) + ")"))) {
            ps.setString(1, token);
            ps.setString(2, lease.holder());
            ps.setLong(3, lease.now());
            for (int k = 0; k < heldIds.size(); k++) {
                ps.setString(k + 4, heldIds.get(k));
            }
            if (ps.executeUpdate() == 0) {
                return new Digest(0, Map.of(), Map.of(), 0, List.of());
            }
        }
        String where = " WHERE taken_by = ?";
        List<String> taken = List.of(token);
        Map<String, Long> bySeverity = countBy(c, "severity", Integer.MAX_VALUE, where, taken);
        long total = bySeverity.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> bySource = countBy(c, "source", TOP_SOURCES, where, taken);
        long sources;
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT COUNT(DISTINCT source) FROM incident_digest" + where), taken);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            sources = rs.getLong(1);
        }
        List<Incident> listed = new ArrayList<>();
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT ts, severity, source, msg, fingerprint FROM incident_digest"
                + where + " ORDER BY CASE severity WHEN 'ERROR' THEN 0 ELSE 1 END, ts, id LIMIT " + maxListed), taken);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                listed.add(new Incident(Instant.ofEpochMilli(rs.getLong(1)), Severity.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        try (PreparedStatement ps = bind(c.prepareStatement("DELETE FROM incident_digest" + where), taken)) {
            ps.executeUpdate();
        }
        return new Digest(total, bySeverity, bySource, sources, listed);
    }

    private static Map<String, Long> countBy(Connection c, String column, int limit, String where, List<String> heldIds)
            throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT " + column + ", COUNT(*) FROM incident_digest" + where
                + " GROUP BY " + column + " ORDER BY COUNT(*) DESC, " + column), heldIds);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next() && out.size() < limit) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static PreparedStatement bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int k = 0; k < values.size(); k++) {
            ps.setString(k + 1, values.get(k));
        }
        return ps;
    }
}
