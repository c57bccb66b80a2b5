package scale;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One autoscale decision as logs/autoscale.json and GET /api/scale/status show it (the seed's
 * data object); the component order is the field order of the JSON, names are written in snake_case.
 */
public record ScaleReport(
        String ts,
        int currentWorkers,
        String currentWorkersSource,
        int desiredWorkers,
        String reason,
        boolean dryRun,
        Metrics metrics,
        Constraints constraints,
        Forecast forecast,
        Rule rule,
        String explanation,
        boolean applied,
        String applyResult,
        String actuator,
        // present only when the actuator refused the change
        @JsonInclude(JsonInclude.Include.NON_NULL) String actuatorError) {

    /** What the decision read. */
    public record Metrics(Long queueDepth, BigDecimal p95LatencyMs, BigDecimal arrivalRatePerMin,
                          @JsonProperty("requests_last_10m") long requestsLast10m, String queueGauge, String queueGaugeTs) {
    }

    /** The bounds the decision respected. */
    public record Constraints(int min, int max, int cooldownMin, long cooldownRemainingSec, boolean deployGateActive,
                              String lastChange) {
    }

    /** The arrival forecast and its parameters. */
    public record Forecast(String method, double alpha, double beta, int historyMin, int horizonMin,
                           @JsonProperty("arrival_rate_per_min_in_30m") BigDecimal arrivalRatePerMinIn30m) {
    }

    /** What the scaling rule alone asked for, before cooldown and the deploy gate. */
    public record Rule(String reason, int desiredWorkers) {
    }
}
