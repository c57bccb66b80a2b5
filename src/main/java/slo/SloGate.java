package slo;

import java.util.LinkedHashMap;
import java.util.Map;

import base.ApiReply;
import base.StateDb;

/**
 * GET /api/slo/gate: the deploy gate from the state database, so that every replica answers what
 * the leader's last SLO run decided and a deploy tool on any host can ask any of them.
 * {@code burn_rate_pct} is the burn when the gate opened, as in logs/deploy_gate.flag.
 */
public final class SloGate {
    private final SloStateRepository state;

    public SloGate(StateDb db) {
        this.state = new SloStateRepository(db);
    }

    public ApiReply gate() {
        DeployGate.State gate = state.load().gate();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("active", gate.active());
        fields.put("since", gate.active() ? gate.gateSince().toString() : null);
        fields.put("burn_rate_pct", gate.active() && gate.gateBurnPct() != null ? base.Rounding.twoPlaces(gate.gateBurnPct()) : null);
        return ApiReply.ok(fields);
    }
}
