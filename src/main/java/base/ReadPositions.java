package base;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Repository of how far each input file has been read and how many of its lines were skipped as
 * invalid (table input_positions), per replica and file: a replica folds the files it tails on its
 * own host into the shared aggregates, so its positions are keyed by its owner name
 * ({@link NodeId#inputsOwner}) and the file's absolute path. The skipped count lives beside the
 * position because it is a property of the input, not of the job that happened to read the lines:
 * the SLO and the autoscaler share the requests file, and either may fold a line first.
 *
 * A position is saved only over the one it was read from (compare and set, in the transaction
 * that folds the lines), so two processes folding the same file under the same key never count a
 * line twice: the second one's transaction is rolled back and it reads on from the new position.
 *
 * Databases from before (table read_positions, one row per kind of input) are taken over once:
 * the first replica to follow a kind adopts its old row, so an upgrade does not read the files again.
 */
public final class ReadPositions {
    private final StateDb db;
    private final String owner;

    /** An input's progress: where reading stopped, and the lines skipped since its start (or its rotation). */
    public record Progress(IncrementalLineReader.Position position, long skippedLines) {
        public static final Progress START = new Progress(IncrementalLineReader.Position.START, 0);
    }

    /**
     * A followed file: its kind ("requests", "usage"; the key of its position before positions were
     * per replica and file) and its path.
     */
    public record Input(String kind, Path file) {
        String path() {
            return file.toAbsolutePath().normalize().toString();
        }
    }

    /** The position moved since it was read: another process folded the same lines first. */
    public static final class Moved extends RuntimeException {
        Moved(Input in) {
            super("the read position of " + in.path() + " moved while it was being folded");
        }
    }

    public ReadPositions(StateDb db, String owner) {
        this.db = db;
        this.owner = owner;
    }

    public String owner() {
        return owner;
    }

    public Progress load(Input in) {
        return db.inTransaction(c -> {
            Progress p = find(c, in);
            return p == null ? Progress.START : p;
        });
    }

    private Progress find(Connection c, Input in) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT file_key, head_hash, head_length, byte_offset, skipped_lines"
                + " FROM input_positions WHERE owner = ? AND file_path = ?")) {
            ps.setString(1, owner);
            ps.setString(2, in.path());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new Progress(new IncrementalLineReader.Position(rs.getString(1), rs.getLong(2), rs.getInt(3),
                                rs.getLong(4)), rs.getLong(5))
                        : null;
            }
        }
    }

    /**
     * Saves within the caller's transaction, beside what the caller made of the lines, if the stored
     * position is still {@code expected} (the one the lines were read from); else throws {@link Moved}
     * and the caller's transaction must roll back. One statement whose row count decides.
     */
    public void save(Connection c, Input in, Progress expected, Progress progress) throws SQLException {
        IncrementalLineReader.Position p = progress.position();
        IncrementalLineReader.Position was = expected.position();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO input_positions (owner, file_path, file_key, head_hash, head_length, byte_offset, skipped_lines)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (owner, file_path) DO UPDATE SET file_key = excluded.file_key,"
                        + " head_hash = excluded.head_hash, head_length = excluded.head_length,"
                        + " byte_offset = excluded.byte_offset, skipped_lines = excluded.skipped_lines"
                        + " WHERE input_positions.file_key = ? AND input_positions.head_hash = ?"
                        + " AND input_positions.byte_offset = ?")) {
            ps.setString(1, owner);
            ps.setString(2, in.path());
            ps.setString(3, p.fileKey());
            ps.setLong(4, p.headHash());
            ps.setInt(5, p.headLength());
            ps.setLong(6, p.offset());
            ps.setLong(7, progress.skippedLines());
            ps.setString(8, was.fileKey());
            ps.setLong(9, was.headHash());
            ps.setLong(10, was.offset());
            if (ps.executeUpdate() != 1) {
                throw new Moved(in);
            }
        }
    }

    /**
     * The input's position, taking over the row an earlier version kept for its kind when this
     * replica has none yet (the old row is deleted in the same transaction, so only one replica
     * adopts it; the others start their own files from the beginning).
     */
    public Progress adopt(Input in) {
        return db.inTransaction(c -> {
            Progress mine = find(c, in);
            if (mine != null) {
                return mine;
            }
            Progress legacy = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT file_key, head_hash, head_length, byte_offset, skipped_lines"
                    + " FROM read_positions WHERE input = ?")) {
                ps.setString(1, in.kind());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        legacy = new Progress(new IncrementalLineReader.Position(rs.getString(1), rs.getLong(2), rs.getInt(3),
                                rs.getLong(4)), rs.getLong(5));
                    }
                }
            }
            if (legacy == null) {
                return Progress.START;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM read_positions WHERE input = ?")) {
                ps.setString(1, in.kind());
                if (ps.executeUpdate() != 1) {
                    return Progress.START; // another replica adopted it meanwhile
                }
            }
            save(c, in, Progress.START, legacy);
            return legacy;
        });
    }
}
