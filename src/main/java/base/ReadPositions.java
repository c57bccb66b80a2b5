package base;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Repository of how far each input file has been read and how many of its lines were skipped as
 * invalid (table read_positions). The skipped count lives beside the position because it is a
 * property of the input, not of the job that happened to read the lines: the SLO and the
 * autoscaler share the requests file, and either may fold a line first.
 */
public final class ReadPositions {
    private final StateDb db;

    /** An input's progress: where reading stopped, and the lines skipped since its start (or its rotation). */
    public record Progress(IncrementalLineReader.Position position, long skippedLines) {
        public static final Progress START = new Progress(IncrementalLineReader.Position.START, 0);
    }

    public ReadPositions(StateDb db) {
        this.db = db;
    }

    public Progress load(String input) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT file_key, head_hash, head_length, byte_offset, skipped_lines FROM read_positions WHERE input = ?")) {
                ps.setString(1, input);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? new Progress(new IncrementalLineReader.Position(rs.getString(1), rs.getLong(2), rs.getInt(3),
                                    rs.getLong(4)), rs.getLong(5))
                            : Progress.START;
                }
            }
        });
    }

    /** Saves within the caller's transaction, beside what the caller made of the lines. */
    public void save(Connection c, String input, Progress progress) throws SQLException {
        IncrementalLineReader.Position p = progress.position();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO read_positions (input, file_key, head_hash, head_length, byte_offset, skipped_lines)"
                        + " VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (input) DO UPDATE SET file_key = excluded.file_key, head_hash = excluded.head_hash,"
                        + " head_length = excluded.head_length, byte_offset = excluded.byte_offset,"
                        + " skipped_lines = excluded.skipped_lines")) {
            ps.setString(1, input);
            ps.setString(2, p.fileKey());
            ps.setLong(3, p.headHash());
            ps.setInt(4, p.headLength());
            ps.setLong(5, p.offset());
            ps.setLong(6, progress.skippedLines());
            ps.executeUpdate();
        }
    }
}
