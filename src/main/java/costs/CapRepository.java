package costs;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import base.StateDb;
import base.StateVersions;

/**
 * What the cost guard remembers between runs: caps set over HTTP (table cost_caps; scope
 * "global" or "model:NAME"; a null cap means the model's cap was removed) and the last level it
 * paged (table cost_state), so a restart does not page again for the same crossing.
 */
final class CapRepository {
    static final String GLOBAL = "global";
    private static final String MODEL = "model:";

    private final StateDb db;
    private final StateVersions versions;

    CapRepository(StateDb db) {
        this.db = db;
        this.versions = new StateVersions(db);
    }

    static String scope(String model) {
        return model == null ? GLOBAL : MODEL + model;
    }

    /** Overrides by scope; an empty Optional is a removed model cap. */
    Map<String, Optional<BigDecimal>> overrides() {
        return db.read(c -> {
            Map<String, Optional<BigDecimal>> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT scope, cap_usd FROM cost_caps");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String cap = rs.getString(2);
                    out.put(rs.getString(1), cap == null ? Optional.empty() : Optional.of(new BigDecimal(cap)));
                }
            }
            return out;
        });
    }

    static String modelOf(String scope) {
        return scope.startsWith(MODEL) ? scope.substring(MODEL.length()) : null;
    }

    /** Stores a cap (null removes a model's cap); committed when this returns. */
    void save(String model, BigDecimal cap, long nowMillis) {
        db.inTransaction(c -> {
            versions.raise(c, UsageLog.VERSION);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cost_caps (scope, cap_usd, updated_ms) VALUES (?, ?, ?)"
                    + " ON CONFLICT (scope) DO UPDATE SET cap_usd = excluded.cap_usd, updated_ms = excluded.updated_ms")) {
                ps.setString(1, scope(model));
                ps.setString(2, cap == null ? null : cap.toPlainString());
                ps.setLong(3, nowMillis);
                ps.executeUpdate();
            }
            return null;
        });
    }

    CostLevel pagedLevel() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT paged_level FROM cost_state WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? CostLevel.valueOf(rs.getString(1)) : CostLevel.OK;
            }
        });
    }

    void savePagedLevel(CostLevel level) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cost_state (id, paged_level) VALUES (1, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET paged_level = excluded.paged_level")) {
                ps.setString(1, level.name());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
