package slo;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;

import base.StateDb;

/** The SLO's memory between runs: baseline and deploy gate (table slo_state, one row). */
final class SloStateRepository {
    /** The baseline (null: none) and the gate's state. */
    record Stored(Instant baseline, DeployGate.State gate) {
    }

    private final StateDb db;

    SloStateRepository(StateDb db) {
        this.db = db;
    }

    Stored load() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT baseline_ms, critical_since_ms, gate_since_ms, gate_burn_pct FROM slo_state WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Stored(null, DeployGate.State.CLEAR);
                }
                Double burn = rs.getObject(4) == null ? null : rs.getDouble(4);
                return new Stored(instant(rs, 1), new DeployGate.State(instant(rs, 2), instant(rs, 3), burn));
            }
        });
    }

    void save(Stored s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO slo_state (id, baseline_ms, critical_since_ms,"
                    + " gate_since_ms, gate_burn_pct) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                    + " baseline_ms = excluded.baseline_ms, critical_since_ms = excluded.critical_since_ms,"
                    + " gate_since_ms = excluded.gate_since_ms, gate_burn_pct = excluded.gate_burn_pct")) {
                setInstant(ps, 1, s.baseline());
                setInstant(ps, 2, s.gate().criticalSince());
                setInstant(ps, 3, s.gate().gateSince());
                if (s.gate().gateBurnPct() == null) {
                    ps.setNull(4, Types.DOUBLE);
                } else {
                    ps.setDouble(4, s.gate().gateBurnPct());
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Instant instant(ResultSet rs, int col) throws java.sql.SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInstant(PreparedStatement ps, int col, Instant t) throws java.sql.SQLException {
        if (t == null) {
            ps.setNull(col, Types.BIGINT);
        } else {
            ps.setLong(col, t.toEpochMilli());
        }
    }
}
