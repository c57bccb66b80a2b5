package incidents.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import base.StateDb;
import incidents.Incident;
import incidents.RaiseLifecycle;

/**
 * Every incident and where it stands, in the state database (table incident_states): at most
 * one incident per fingerprint is not resolved (a partial unique index says so to every replica),
 * older ones stay as history. Times are epoch milliseconds. A raise's check and count run in the
 * raise's own group-commit transaction ({@link RaiseLifecycle}).
 */
public final class IncidentStates implements RaiseLifecycle {
    static final String COLUMNS = "id, fingerprint, severity, source, msg, status, raise_count, silenced, first_seen,"
            + " last_seen, pages, paged_channels, acknowledged_at, acknowledged_by, resolved_at, resolved_by, escalated_at";
    private static final String ACTIVE = "status <> 'resolved'";
    /** The count of a raise (the upsert on the partial unique index), with what each use adds to it. */
    private static final String UPSERT = "INSERT INTO incident_states (" + COLUMNS + ", paged_at, paged_by)"
            + " VALUES (?, ?, ?, ?, ?, 'open', 1, ?, ?, ?, 0, '', NULL, NULL, NULL, NULL, NULL, %s)"
            + " ON CONFLICT (fingerprint) WHERE " + ACTIVE + " DO UPDATE SET raise_count = incident_states.raise_count + 1,"
            // a raise of an acknowledged incident is held as "acknowledged", not as silenced
            + " silenced = incident_states.silenced + CASE WHEN incident_states.status = 'acknowledged' THEN 0"
            + " ELSE excluded.silenced END,"
            + " last_seen = CASE WHEN excluded.last_seen > incident_states.last_seen THEN excluded.last_seen"
            + " ELSE incident_states.last_seen END%s"
            + " RETURNING status, paged_by";
    private static final String COUNT = String.format(UPSERT, "NULL, NULL", "");
    /** An open incident not paged within the window (the ? is the window's start): its page is claimable. */
    private static final String CLAIMABLE = "incident_states.status = 'open'"
            + " AND (incident_states.paged_at IS NULL OR incident_states.paged_at <= ?)";
    private static final String COUNT_AND_CLAIM = String.format(UPSERT, "?, ?",
            ", paged_at = CASE WHEN " + CLAIMABLE + " THEN excluded.paged_at ELSE incident_states.paged_at END,"
            + " paged_by = CASE WHEN " + CLAIMABLE + " THEN excluded.paged_by ELSE incident_states.paged_by END");
    private static final String ADD_PAGES = "UPDATE incident_states SET pages = pages + ?,"
            // the channels paged so far: ones already listed change nothing
            + " paged_channels = CASE WHEN ',' || paged_channels || ',' LIKE '%,' || ? || ',%' THEN paged_channels"
            + " WHEN paged_channels = '' THEN ? ELSE paged_channels || ',' || ? END"
            + " WHERE fingerprint = ? AND " + ACTIVE;
    private final StateDb db;

    public IncidentStates(StateDb db) {
        this.db = db;
    }

    /** The fingerprint's newest incident, whatever its state. */
    public Optional<IncidentState> latest(String fingerprint) {
        return one("SELECT " + COLUMNS + " FROM incident_states WHERE fingerprint = ? ORDER BY first_seen DESC, id LIMIT 1",
                fingerprint);
    }

    /** One upsert on the partial unique index, in the raise's own transaction; the status it returns is the check. */
    @Override
    public boolean countAndCheck(Connection c, Incident i, boolean silenced) throws SQLException {
        PreparedStatement ps = db.reused(c, COUNT);
        bindCount(ps, i, base.TimeOrderedIds.next(i.ts().toEpochMilli()), silenced);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return IncidentStatus.of(rs.getString(1)) == IncidentStatus.ACKNOWLEDGED;
        }
    }

    /**
     * The same upsert, which also claims the page when the incident is open and was not paged since
     * {@code windowStart}: the claim is this raise's when the row it returns names this raise (its new
     * row's id) as the one that paged. On PostgreSQL a concurrent raise of the fingerprint waits on the
     * row for this one's commit and then finds the window taken; SQLite has one writer at a time.
     */
    @Override
    public Claim countAndClaim(Connection c, Incident i, long windowStart) throws SQLException {
        long at = i.ts().toEpochMilli();
        String raise = base.TimeOrderedIds.next(at);
        PreparedStatement ps = db.reused(c, COUNT_AND_CLAIM);
        bindCount(ps, i, raise, false);
        ps.setLong(9, at);
        ps.setString(10, raise);
        ps.setLong(11, windowStart);
        ps.setLong(12, windowStart);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (IncidentStatus.of(rs.getString(1)) == IncidentStatus.ACKNOWLEDGED) {
                return Claim.HELD;
            }
            return raise.equals(rs.getString(2)) ? Claim.WON : Claim.LOST;
        }
    }

    private static void bindCount(PreparedStatement ps, Incident i, String newRowId, boolean silenced) throws SQLException {
        long at = i.ts().toEpochMilli();
        ps.setString(1, newRowId);
        ps.setString(2, i.fingerprint());
        ps.setString(3, i.severity().name());
        ps.setString(4, i.source());
        ps.setString(5, i.msg());
        ps.setInt(6, silenced ? 1 : 0);
        ps.setLong(7, at);
        ps.setLong(8, at);
    }

    /** Gives the page back when the raise that claimed it at {@code i.ts()} still holds it. */
    @Override
    public void unclaim(Connection c, Incident i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE incident_states SET paged_at = NULL, paged_by = NULL"
                + " WHERE fingerprint = ? AND paged_at = ? AND " + ACTIVE)) {
            ps.setString(1, i.fingerprint());
            ps.setLong(2, i.ts().toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Override
    public void addPages(Connection c, Incident i, List<String> paged) throws SQLException {
        if (paged.isEmpty()) {
            return;
        }
        String channels = String.join(",", paged);
        PreparedStatement ps = db.reused(c, ADD_PAGES);
        ps.setInt(1, paged.size());
        ps.setString(2, channels);
        ps.setString(3, channels);
        ps.setString(4, channels);
        ps.setString(5, i.fingerprint());
        ps.executeUpdate();
    }

    /**
     * Takes back a count: the active incident's figures go down by what the raise added, and an
     * incident left with no raise (the taken-back raise opened it) is removed. Its last_seen and
     * paged channels stay as they are (a channel listed twice is shown once).
     */
    @Override
    public void uncount(Connection c, Incident i, boolean silenced, List<String> paged) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE incident_states SET raise_count = raise_count - 1,"
                + " silenced = silenced - ?, pages = pages - ? WHERE fingerprint = ? AND " + ACTIVE)) {
            ps.setInt(1, silenced ? 1 : 0);
            ps.setInt(2, paged.size());
            ps.setString(3, i.fingerprint());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_states WHERE fingerprint = ? AND raise_count <= 0 AND "
                + ACTIVE)) {
            ps.setString(1, i.fingerprint());
            ps.executeUpdate();
        }
    }

    /**
     * Moves the incident {@code id} to a new status if it is still in {@code from}: true when this
     * call moved it (another caller, replica or button press may have been first).
     */
    public boolean move(String id, IncidentStatus from, IncidentStatus to, String by, long at) {
        String set = to == IncidentStatus.ACKNOWLEDGED ? "acknowledged_at = ?, acknowledged_by = ?" : "resolved_at = ?, resolved_by = ?";
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE incident_states SET status = ?, " + set
                    + " WHERE id = ? AND status = ?")) {
                ps.setString(1, to.label());
                ps.setLong(2, at);
                ps.setString(3, by);
                ps.setString(4, id);
                ps.setString(5, from.label());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Adds pages sent for the incident afterwards (an escalation); true when it was still unmarked and open. */
    public boolean markEscalated(String id, long at, List<String> channels) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE incident_states SET escalated_at = ?, pages = pages + ?"
                    + " WHERE id = ? AND escalated_at IS NULL AND status = 'open'")) {
                ps.setLong(1, at);
                ps.setInt(2, channels.size());
                ps.setString(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Newest first; {@code status} null for all. */
    public List<IncidentState> list(IncidentStatus status, int limit) {
        String where = status == null ? "" : " WHERE status = '" + status.label() + "'";
        return many("SELECT " + COLUMNS + " FROM incident_states" + where + " ORDER BY last_seen DESC, first_seen DESC, id LIMIT " + limit);
    }

    /**
     * Open and acknowledged incidents not raised since the cutoff: the ones auto-resolve closes (an
     * acknowledged one too, or a fingerprint acknowledged once would page nobody ever after).
     */
    public List<IncidentState> quietSince(long cutoff) {
        return many("SELECT " + COLUMNS + " FROM incident_states WHERE " + ACTIVE + " AND last_seen < " + cutoff
                + " ORDER BY last_seen");
    }

    /** Open, paged, never escalated CRITICAL incidents first seen at or before the cutoff. */
    public List<IncidentState> unansweredCriticalSince(long cutoff) {
        return many("SELECT " + COLUMNS + " FROM incident_states WHERE status = 'open' AND severity = 'CRITICAL'"
                + " AND escalated_at IS NULL AND pages > 0 AND first_seen <= " + cutoff + " ORDER BY first_seen");
    }

    /**
     * The lifecycle part of the 24 h summary: open and acknowledged now; resolved, escalated,
     * acknowledged in the window; silenced raises of incidents seen in it; mean times in seconds
     * (null when nothing was acknowledged or resolved).
     */
    public LifecycleCounts counts(long since) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT"
                    + " SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN status = 'acknowledged' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN resolved_at >= ? THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN escalated_at >= ? THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN last_seen >= ? THEN silenced ELSE 0 END),"
                    + " AVG(CASE WHEN acknowledged_at >= ? THEN acknowledged_at - first_seen END),"
                    + " AVG(CASE WHEN resolved_at >= ? THEN resolved_at - first_seen END)"
                    + " FROM incident_states WHERE " + ACTIVE + " OR resolved_at >= ? OR last_seen >= ?")) {
                for (int k = 1; k <= 7; k++) {
                    ps.setLong(k, since);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new LifecycleCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            seconds(rs, 6), seconds(rs, 7));
                }
            }
        });
    }

    private static Long seconds(ResultSet rs, int column) throws SQLException {
        double ms = rs.getDouble(column);
        return rs.wasNull() ? null : Math.round(ms / 1000.0);
    }

    private Optional<IncidentState> one(String sql, String fingerprint) {
        return db.read(c -> one(c, sql, fingerprint));
    }

    private static Optional<IncidentState> one(Connection c, String sql, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private List<IncidentState> many(String sql) {
        return db.read(c -> {
            List<IncidentState> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static IncidentState row(ResultSet rs) throws SQLException {
        return new IncidentState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getLong(8), time(rs, 9), time(rs, 10), rs.getLong(11),
                IncidentState.channels(rs.getString(12)), time(rs, 13), rs.getString(14), time(rs, 15), rs.getString(16),
                time(rs, 17));
    }

    private static String time(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms).toString();
    }
}
