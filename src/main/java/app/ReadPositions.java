package app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Repository of how far each input file has been read (table read_positions). */
public final class ReadPositions {
    private final StateDb db;

    public ReadPositions(StateDb db) {
        this.db = db;
        db.ensureSchema("CREATE TABLE IF NOT EXISTS read_positions ("
                + "input VARCHAR(64) PRIMARY KEY, file_key VARCHAR(256) NOT NULL, head_hash BIGINT NOT NULL,"
                + " head_length INTEGER NOT NULL, byte_offset BIGINT NOT NULL)");
    }

    public IncrementalLineReader.Position load(String input) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT file_key, head_hash, head_length, byte_offset FROM read_positions WHERE input = ?")) {
                ps.setString(1, input);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? new IncrementalLineReader.Position(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getLong(4))
                            : IncrementalLineReader.Position.START;
                }
            }
        });
    }

    /** Saves within the caller's transaction, beside what the caller made of the lines. */
    public void save(Connection c, String input, IncrementalLineReader.Position p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO read_positions (input, file_key, head_hash, head_length, byte_offset) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (input) DO UPDATE SET file_key = excluded.file_key, head_hash = excluded.head_hash,"
                        + " head_length = excluded.head_length, byte_offset = excluded.byte_offset")) {
            ps.setString(1, input);
            ps.setString(2, p.fileKey());
            ps.setLong(3, p.headHash());
            ps.setInt(4, p.headLength());
            ps.setLong(5, p.offset());
            ps.executeUpdate();
        }
    }
}
