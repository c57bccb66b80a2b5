package cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import base.ConfigException;
import base.StateDb;

/**
 * The daemons using this database, each with its mode and role, as their heartbeats last said
 * (table cluster_members). It is how a daemon started with CLUSTER_SERVICE=none learns that another
 * one is live on the same database, whatever host it runs on, and how a follower names the leader.
 * A replica that stops cleanly removes its row; a killed one is forgotten once silent for
 * {@link ClusterSettings#liveFor()}.
 */
public final class ClusterMembers {
    /** Another daemon's row, as last written. */
    public record Member(String nodeId, String mode, String role, Instant lastSeen) {
    }

    private final StateDb db;
    private final boolean postgres;
    private final String nodeId;
    private final String mode;
    private final Duration liveFor;

    public ClusterMembers(StateDb db, boolean postgres, ClusterSettings settings) {
        this.db = db;
        this.postgres = postgres;
        this.nodeId = settings.nodeId();
        this.mode = settings.service();
        this.liveFor = settings.liveFor();
    }

    /**
     * Registers this daemon, or refuses with one line: a none-mode daemon never shares the database
     * with another live daemon, and a replica never joins while a none-mode daemon is live. Checked
     * and written in one transaction, serialised on PostgreSQL, so two daemons starting together
     * cannot both pass.
     */
    public void join(String role, Instant now) {
        db.inTransaction(c -> {
            if (postgres) {
                try (Statement st = c.createStatement()) {
                    st.execute("LOCK TABLE cluster_members IN SHARE ROW EXCLUSIVE MODE");
                }
            }
            for (Member other : live(c, now)) {
                refuse(other, now);
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM cluster_members WHERE node_id = ?")) {
                del.setString(1, nodeId);
                del.executeUpdate();
            }
            insert(c, role, now);
            return null;
        });
    }

    private void refuse(Member other, Instant now) {
        boolean noneHere = ClusterSettings.NONE.equals(mode);
        boolean noneThere = ClusterSettings.NONE.equals(other.mode());
        if (!noneHere && !noneThere) {
            return;
        }
        long ago = Math.max(0, Duration.between(other.lastSeen(), now).toSeconds());
        String what = noneHere
                ? "is none, but daemon '" + other.nodeId() + "' (CLUSTER_SERVICE=" + other.mode() + ") used this database " + ago
                  + " s ago; two daemons outside one cluster would page twice. Run every replica with CLUSTER_SERVICE=file or kubernetes"
                : "is " + mode + ", but daemon '" + other.nodeId() + "' runs with CLUSTER_SERVICE=none on this database (seen " + ago
                  + " s ago); restart it with the same CLUSTER_SERVICE as this replica";
        throw new ConfigException("CLUSTER_SERVICE", what + " (a killed daemon is forgotten " + liveFor.toSeconds()
                + " s after its last heartbeat; see docs/high-availability.md)");
    }

    /** This daemon is alive and in this role; rewrites its row if someone removed it. */
    public void heartbeat(String role, Instant now) {
        db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE cluster_members SET role = ?, last_seen_ms = ? WHERE node_id = ?")) {
                up.setString(1, role);
                up.setLong(2, now.toEpochMilli());
                up.setString(3, nodeId);
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            insert(c, role, now);
            return null;
        });
    }

    private void insert(Connection c, String role, Instant now) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO cluster_members (node_id, mode, role, started_ms, last_seen_ms)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            ins.setString(1, nodeId);
            ins.setString(2, mode);
            ins.setString(3, role);
            ins.setLong(4, now.toEpochMilli());
            ins.setLong(5, now.toEpochMilli());
            ins.executeUpdate();
        }
    }

    /** A clean stop: the next daemon need not wait for this one to be forgotten. */
    public void leave() {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM cluster_members WHERE node_id = ?")) {
                del.setString(1, nodeId);
                del.executeUpdate();
            }
            return null;
        });
    }

    /** Another live member whose last heartbeat said it leads, if any. */
    public Optional<String> otherLeader(Instant now) {
        return db.inTransaction(c -> live(c, now).stream().filter(m -> Role.LEADER.label().equals(m.role()))
                .map(Member::nodeId).findFirst());
    }

    /** The other daemons heard from within the last {@link ClusterSettings#liveFor()}. */
    private List<Member> live(Connection c, Instant now) throws SQLException {
        List<Member> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id, mode, role, last_seen_ms FROM cluster_members"
                + " WHERE last_seen_ms > ? AND node_id <> ? ORDER BY last_seen_ms DESC")) {
            ps.setLong(1, now.minus(liveFor).toEpochMilli());
            ps.setString(2, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Member(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        }
        return found;
    }
}
