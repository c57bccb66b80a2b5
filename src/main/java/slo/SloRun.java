package slo;

import java.util.LinkedHashMap;
import java.util.Map;

/** The result of one SLO run: the seed's data object and what the deploy gate did. */
public record SloRun(Map<String, Object> data, DeployGate.Change gateChange) {
    public boolean gateOpened() {
        return gateChange == DeployGate.Change.OPENED;
    }

    /** The CRITICAL incident that opening the gate raises through direct:incident-raise. */
    public Map<String, Object> incident() {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("severity", "CRITICAL");
        i.put("source", "slo_budget");
        i.put("msg", "Deploy gate opened: error budget burn " + data.get("burn_rate_pct") + " % of the daily budget,"
                + " CRITICAL since " + data.get("critical_since") + "; deploys are blocked until burn falls below 150 %"
                + " or an operator rebaselines");
        return i;
    }
}
