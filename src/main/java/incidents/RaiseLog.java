package incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

    /**
     * Totals since a time: the summary's incident part. Two groupings of the day's raises (it was four):
     * by severity and source, from which the total, the suppressed and both breakdowns are added up,
     * and by fingerprint, whose window count is the number of fingerprints; then a look-up of the few
     * listed. At 500,000 raises: 0.8 s instead of 1.7 (sqlite3, the same statements).
     */
    public IncidentSummary.Totals totalsSince(long since) {
        return db.read(c -> {
            Map<String, Long> bySeverity = new HashMap<>();
            Map<String, Long> bySource = new HashMap<>();
            long total = 0;
            long suppressed = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT severity, source, COUNT(*), SUM(suppressed)"
                    + " FROM incident_raises WHERE ts >= ? GROUP BY severity, source")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(3);
                        bySeverity.merge(rs.getString(1), n, Long::sum);
                        bySource.merge(rs.getString(2), n, Long::sum);
                        total += n;
                        suppressed += rs.getLong(4);
                    }
                }
            }
            Top top = top(c, since);
            return new IncidentSummary.Totals(total, top.fingerprints(), suppressed, mostFirst(bySeverity),
                    mostFirst(bySource), top.listed());
        });
    }

    /** Largest count first, then by name: the order the summary lists a breakdown in. */
    private static Map<String, Long> mostFirst(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public int purgeBefore(long cutoff) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_raises WHERE ts < ?")) {
                ps.setLong(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    /** The most raised fingerprints, and how many fingerprints there were. */
    private record Top(List<IncidentSummary.TopFingerprint> listed, long fingerprints) {
    }

    /** A top fingerprint's figures, before its severity, source and message are looked up. */
    private record Counted(String fingerprint, long count, long suppressed, long firstMs, long lastMs) {
    }

    /**
     * Groups by fingerprint carrying only the figures, then reads severity, source and message for the
     * listed few: carrying the message through the grouping of every raise took half the summary's time.
     */
    private static Top top(Connection c, long since) throws SQLException {
        List<Counted> counted = new ArrayList<>();
        long fingerprints = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, COUNT(*), SUM(suppressed), MIN(ts), MAX(ts),"
                + " COUNT(*) OVER () FROM incident_raises WHERE ts >= ? GROUP BY fingerprint"
                + " ORDER BY COUNT(*) DESC, MAX(ts) DESC LIMIT " + TOP)) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counted.add(new Counted(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                    fingerprints = rs.getLong(6);
                }
            }
        }
        Map<String, String[]> details = details(c, since, counted);
        List<IncidentSummary.TopFingerprint> out = new ArrayList<>();
        for (Counted t : counted) {
            String[] d = details.getOrDefault(t.fingerprint(), new String[3]);
            out.add(new IncidentSummary.TopFingerprint(t.fingerprint(), d[0], d[1], d[2], t.count(), t.suppressed(),
                    Instant.ofEpochMilli(t.firstMs()).toString(), Instant.ofEpochMilli(t.lastMs()).toString()));
        }
        return new Top(out, fingerprints);
    }

    /** Severity, source and message (the least of each, as one raise may differ from another) of the given fingerprints. */
    private static Map<String, String[]> details(Connection c, long since, List<Counted> counted) throws SQLException {
        Map<String, String[]> out = new HashMap<>();
        if (counted.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(counted.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, MIN(severity), MIN(source), MIN(msg)"
                + " FROM incident_raises WHERE ts >= ? AND fingerprint IN (" + marks + ") GROUP BY fingerprint")) {
            ps.setLong(1, since);
            for (int k = 0; k < counted.size(); k++) {
                ps.setString(k + 2, counted.get(k).fingerprint());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        return out;
    }
}
