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

import base.StateDb;

/**
 * Every raise of the last days, in the state database, so that the 24 h summary is a few
 * GROUP BY queries instead of a re-read of logs/incidents.ndjson. Replicas share the table; each
 * row names the replica whose incidents.ndjson holds its line (column logged_by: CLUSTER_NODE_ID
 * or the host name, see base.NodeId#inputsOwner), so that a replica reconciles only its own file.
 */
public final class RaiseLog {
    static final int TOP = 10;
    private final StateDb db;
    private final String loggedBy;

    /** @param loggedBy this replica, as it names the history file it writes (stable across restarts) */
    public RaiseLog(StateDb db, String loggedBy) {
        this.db = db;
        this.loggedBy = loggedBy;
    }

    void insert(Connection c, Incident i, boolean suppressed) throws SQLException {
        PreparedStatement ps = db.reused(c, "INSERT INTO incident_raises (ts, severity, source, fingerprint, msg,"
                + " suppressed, logged_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
        ps.setString(7, loggedBy);
        ps.setLong(1, i.ts().toEpochMilli());
        ps.setString(2, i.severity().name());
        ps.setString(3, i.source());
        ps.setString(4, i.fingerprint());
        ps.setString(5, Fingerprint.firstCodePoints(i.msg(), Fingerprint.MSG_CODE_POINTS));
        ps.setInt(6, suppressed ? 1 : 0);
        ps.executeUpdate();
    }

    /** Removes a raise that was not acknowledged (rows of the same incident in the same millisecond are alike). */
    static void delete(Connection c, Incident i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_raises WHERE ts = ? AND fingerprint = ?")) {
            ps.setLong(1, i.ts().toEpochMilli());
            ps.setString(2, i.fingerprint());
            ps.executeUpdate();
        }
    }

    /** One stored raise, as the reconciliation at start compares it with the history file. */
    record Stored(long ts, String severity, String source, String fingerprint, String msg, boolean suppressed) {
        String key() {
            return ts + "|" + fingerprint;
        }
    }

    private static final String MINE = " (logged_by = ? OR logged_by IS NULL)";

    /** The newest raise this replica logged, or -1 when none is stored. */
    long newestTs() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ts) FROM incident_raises WHERE" + MINE)) {
                ps.setString(1, loggedBy);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long max = rs.getLong(1);
                    return rs.wasNull() ? -1L : max;
                }
            }
        });
    }

    /** Every raise this replica logged at or after a time, oldest first. */
    List<Stored> since(long from) {
        return db.inTransaction(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ts, severity, source, fingerprint, msg, suppressed"
                    + " FROM incident_raises WHERE ts >= ? AND" + MINE + " ORDER BY ts")) {
                ps.setLong(1, from);
                ps.setString(2, loggedBy);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getInt(6) == 1));
                    }
                }
            }
            return out;
        });
    }

    /** Totals since a time: the summary's incident part. */
    public IncidentSummary.Totals totalsSince(long since) {
        return db.read(c -> {
            long total;
            long unique;
            long suppressed;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT fingerprint),"
                    + " SUM(suppressed) FROM incident_raises WHERE ts >= ?")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                    unique = rs.getLong(2);
                    suppressed = rs.getLong(3);
                }
            }
            return new IncidentSummary.Totals(total, unique, suppressed, countBy(c, "severity", since),
                    countBy(c, "source", since), top(c, since));
        });
    }

    public int purgeBefore(long cutoff) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_raises WHERE ts < ?")) {
                ps.setLong(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    private static Map<String, Long> countBy(Connection c, String column, long since) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + ", COUNT(*) FROM incident_raises WHERE ts >= ?"
                + " GROUP BY " + column + " ORDER BY COUNT(*) DESC, " + column)) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static List<IncidentSummary.TopFingerprint> top(Connection c, long since) throws SQLException {
        List<IncidentSummary.TopFingerprint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, MIN(severity), MIN(source), MIN(msg), COUNT(*),"
                + " SUM(suppressed), MIN(ts), MAX(ts) FROM incident_raises WHERE ts >= ? GROUP BY fingerprint"
                + " ORDER BY COUNT(*) DESC, MAX(ts) DESC LIMIT " + TOP)) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IncidentSummary.TopFingerprint(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7)).toString(),
                            Instant.ofEpochMilli(rs.getLong(8)).toString()));
                }
            }
        }
        return out;
    }
}
