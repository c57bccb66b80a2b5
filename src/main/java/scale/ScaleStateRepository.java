package scale;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

import base.StateDb;

/** The autoscaler's memory: the current worker count and when a change was last applied (table scale_state). */
final class ScaleStateRepository {
    /** lastChange is null until a change has been applied. */
    record State(int currentWorkers, Instant lastChange) {
    }

    private final StateDb db;

    ScaleStateRepository(StateDb db) {
        this.db = db;
    }

    Optional<State> load() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT current_workers, last_change_ms FROM scale_state WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int workers = rs.getInt(1);
                long changed = rs.getLong(2);
                return Optional.of(new State(workers, rs.wasNull() ? null : Instant.ofEpochMilli(changed)));
            }
        });
    }

    void save(State s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scale_state (id, current_workers, last_change_ms)"
                    + " VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET current_workers = excluded.current_workers,"
                    + " last_change_ms = excluded.last_change_ms")) {
                ps.setInt(1, s.currentWorkers());
                if (s.lastChange() == null) {
                    ps.setNull(2, Types.BIGINT);
                } else {
                    ps.setLong(2, s.lastChange().toEpochMilli());
                }
                ps.executeUpdate();
            }
            return null;
        });
    }
}
