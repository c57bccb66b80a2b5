package slo;

import java.util.LinkedHashMap;
import java.util.Map;

import base.Json;
import com.fasterxml.jackson.core.type.TypeReference;

/** The result of one SLO run: the report and what the deploy gate did. */
public record SloRun(SloReport report, DeployGate.Change gateChange) {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    public boolean gateOpened() {
        return gateChange == DeployGate.Change.OPENED;
    }

    /** The report as the JSON object it is written as (the YAML publishes it, the metrics read its figures). */
    public Map<String, Object> data() {
        return Json.MAPPER.convertValue(report, MAP);
    }

    /** The CRITICAL incident that opening the gate raises through direct:incident-raise. */
    public Map<String, Object> incident() {
        // a map, not a record: direct:incident-raise takes the same JSON object a client POSTs
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("severity", "CRITICAL");
        i.put("source", SloBudget.REPORT);
        i.put("msg", "Deploy gate opened: error budget burn " + report.burnRatePct() + " % of the daily budget,"
                + " CRITICAL since " + report.criticalSince() + "; " + DeployGate.BLOCKED_UNTIL);
        return i;
    }
}
