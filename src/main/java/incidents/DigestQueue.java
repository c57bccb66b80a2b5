package incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * ERROR and WARNING incidents waiting for the next digest, in the state database. The run that
 * builds the digest takes them and puts the digest pages in the outbox in one transaction.
 */
public final class DigestQueue {
    public DigestQueue(app.StateDb db) {
        db.ensureSchema("""
                CREATE TABLE IF NOT EXISTS incident_digest (
                  id VARCHAR(40) PRIMARY KEY, ts BIGINT NOT NULL, severity VARCHAR(16) NOT NULL,
                  source VARCHAR(1000) NOT NULL, msg VARCHAR(20000) NOT NULL, fingerprint VARCHAR(16) NOT NULL)""");
    }

    static void add(Connection c, Incident i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO incident_digest (id, ts, severity, source, msg, fingerprint) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setLong(2, i.ts().toEpochMilli());
            ps.setString(3, i.severity().name());
            ps.setString(4, i.source());
            ps.setString(5, i.msg());
            ps.setString(6, i.fingerprint());
            ps.executeUpdate();
        }
    }

    /** Everything waiting, oldest first, removed from the queue (inside the caller's transaction). */
    static List<Incident> takeAll(Connection c) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ts, severity, source, msg, fingerprint FROM incident_digest ORDER BY ts, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Incident(Instant.ofEpochMilli(rs.getLong(1)), Severity.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_digest")) {
            ps.executeUpdate();
        }
        return out;
    }
}
