package incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import base.StateDb;

/**
 * ERROR and WARNING incidents waiting for the next digest, in the state database. The run that
 * builds the digest takes them in bounded chunks, puts the digest pages in the outbox, then deletes
 * what it took, each step a short transaction (see {@link #take}). An entry
 * is held by the replica that queued it (held_by, held_until) until its raise is recorded there;
 * a run marks what it takes (taken_by) before reading it, so two replicas building a digest at the
 * same moment never list the same entry twice.
 */
public final class DigestQueue {
    static final int TOP_SOURCES = 5;
    /** The most entries one transaction of a digest run takes (or deletes). */
    static final int CHUNK = 2_000;

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
     * those another replica holds, counted, with at most {@code maxListed} incidents listed (ERRORs
     * first, then oldest first), handed to {@code queuePages} (which puts the digest in the outbox)
     * and then deleted. The queue is taken in chunks of at most {@link #CHUNK} entries, each chunk,
     * the pages and each deletion its own short transaction through {@code writes}, so that raises
     * committed meanwhile never wait for the whole queue. Each chunk is marked with its own token by
     * one UPDATE: a concurrent take on PostgreSQL waits for the rows this one marked and then skips
     * them. The taken entries stay held by this replica while the run lasts; should it die before
     * its pages are queued they are put back, after, deleted ({@link #recover}).
     */
    static Digest take(GroupCommit writes, int maxListed, Set<String> held, Lease lease, Function<Digest, StateDb.Work<?>> queuePages) {
        writes.run(c -> recover(c, lease.now()));
        String run = UUID.randomUUID().toString().replace("-", "");
        long holdUntil = lease.until();
        DigestTally tally = new DigestTally(maxListed);
        List<String> chunks = new ArrayList<>();
        Chunk chunk;
        do {
            String token = run + "." + chunks.size();
            List<String> heldIds = List.copyOf(held);
            chunk = writes.run(c -> takeChunk(c, token, maxListed, heldIds, lease, holdUntil));
            if (chunk.size() > 0) {
                chunks.add(token);
                tally.add(chunk);
            }
        } while (chunk.size() == CHUNK);
        Digest digest = tally.digest();
        if (chunks.isEmpty()) {
            return digest;
        }
        writes.run(c -> {
            queuePages.apply(digest).run(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_digest_runs (run, queued_at) VALUES (?, ?)")) {
                ps.setString(1, run);
                ps.setLong(2, lease.now());
                ps.executeUpdate();
            }
            return null;
        });
        for (int k = 0; k < chunks.size(); k++) {
            String token = chunks.get(k);
            boolean last = k == chunks.size() - 1;
            writes.run(c -> {
                deleteTaken(c, token);
                if (last) {
                    finish(c, run);
                }
                return null;
            });
        }
        return digest;
    }

    /** What one chunk of a take marked: its size, its counts, and its first {@code maxListed} incidents in digest order. */
    record Chunk(int size, Map<String, Long> bySeverity, Map<String, Long> bySource, List<DigestTally.Listed> listed) {
    }

    private static Chunk takeChunk(Connection c, String token, int maxListed, List<String> heldIds, Lease lease, long holdUntil)
            throws SQLException {
        int size;
        // the outer test, rechecked by PostgreSQL on rows a concurrent take just marked, is written so that no index
        // serves it: the ids the subquery picks choose the rows (else SQLite walks the whole queue in the taken_by index)
        try (PreparedStatement ps = c.prepareStatement("UPDATE incident_digest SET taken_by = ?, held_by = ?, held_until = ?"
                + " WHERE COALESCE(taken_by, '') = '' AND id IN (SELECT id FROM incident_digest WHERE taken_by IS NULL"
                + " AND (held_by = ? OR held_until IS NULL OR held_until < ?)"
                + (heldIds.isEmpty() ? "" : " AND id NOT IN (" + String.join(",", Collections.nCopies(heldIds.size(), "?")) + ")")
                + " LIMIT " + CHUNK + ")")) {
            ps.setString(1, token);
            ps.setString(2, lease.holder());
            ps.setLong(3, holdUntil);
            ps.setString(4, lease.holder());
            ps.setLong(5, lease.now());
            for (int k = 0; k < heldIds.size(); k++) {
                ps.setString(k + 6, heldIds.get(k));
            }
            size = ps.executeUpdate();
        }
        if (size == 0) {
            return new Chunk(0, Map.of(), Map.of(), List.of());
        }
        List<DigestTally.Listed> listed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, ts, severity, source, msg, fingerprint FROM incident_digest"
                + " WHERE taken_by = ? ORDER BY CASE severity WHEN 'ERROR' THEN 0 ELSE 1 END, ts, id LIMIT " + maxListed)) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    listed.add(new DigestTally.Listed(rs.getString(1), new Incident(Instant.ofEpochMilli(rs.getLong(2)),
                            Severity.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6))));
                }
            }
        }
        return new Chunk(size, countBy(c, "severity", token), countBy(c, "source", token), listed);
    }

    private static Map<String, Long> countBy(Connection c, String column, String token) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + ", COUNT(*) FROM incident_digest WHERE taken_by = ?"
                + " GROUP BY " + column)) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static void deleteTaken(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_digest WHERE taken_by = ?")) {
            ps.setString(1, token);
            ps.executeUpdate();
        }
    }

    private static void finish(Connection c, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_digest_runs WHERE run = ?")) {
            ps.setString(1, run);
            ps.executeUpdate();
        }
    }

    /**
     * Entries a run took and left behind, its replica gone (their hold ran out): deleted when the
     * run's digest reached the outbox (its run is recorded), put back for the next digest otherwise.
     */
    private static Void recover(Connection c, long now) throws SQLException {
        List<String> tokens = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT taken_by FROM incident_digest"
                + " WHERE taken_by IS NOT NULL AND held_until < ?")) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(rs.getString(1));
                }
            }
        }
        Set<String> runs = new HashSet<>();
        for (String token : tokens) {
            String run = token.substring(0, Math.max(0, token.indexOf('.')));
            runs.add(run);
            if (queued(c, run)) {
                deleteTaken(c, token);
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE incident_digest SET taken_by = NULL WHERE taken_by = ?")) {
                    ps.setString(1, token);
                    ps.executeUpdate();
                }
            }
        }
        for (String run : runs) {
            finish(c, run);
        }
        return null;
    }

    private static boolean queued(Connection c, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM incident_digest_runs WHERE run = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
