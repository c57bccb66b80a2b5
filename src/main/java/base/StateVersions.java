package base;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A version number per kind of shared state (table state_versions), raised in the transaction that
 * changes that state, so that a replica keeping a copy in memory (request aggregates, the cost
 * allow table) learns with one small query whether another replica changed it. Raising it also
 * locks the row until the transaction ends: writers of the same state take turns, so a
 * read-modify-write of shared rows never loses another replica's update.
 */
public final class StateVersions {
    private final StateDb db;

    public StateVersions(StateDb db) {
        this.db = db;
    }

    /** Raises the version of {@code name} in the caller's transaction (waiting for other writers of it) and returns it. */
    public long raise(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO state_versions (name, version) VALUES (?, 1)"
                + " ON CONFLICT (name) DO UPDATE SET version = state_versions.version + 1")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
        return read(c, name);
    }

    /** The committed version of {@code name}; 0 before its first change. */
    public long current(String name) {
        return db.read(c -> read(c, name));
    }

    private static long read(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM state_versions WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
