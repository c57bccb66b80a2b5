package slo;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One SLO run as logs/slo_budget.json and GET /api/slo/budget show it (the seed's data object);
 * the component order is the field order of the JSON, names are written in snake_case.
 */
public record SloReport(
        String ts,
        int periodDays,
        BigDecimal p95Ms,
        BigDecimal p99Ms,
        BigDecimal errorRate,
        BigDecimal remainingBudgetPct,
        BigDecimal burnRatePct,
        String burnAlert,
        Targets sloTargets,
        String windowStart,
        String baseline,
        long totalRequests,
        long failedRequests,
        @JsonProperty("requests_24h") long requests24h,
        @JsonProperty("failed_24h") long failed24h,
        long newEvents,
        long skippedLines,
        boolean deployGateActive,
        String deployGateSince,
        String criticalSince,
        List<Window> burnWindows) {

    /** The targets the run was measured against. */
    public record Targets(BigDecimal p95Ms, BigDecimal p99Ms, BigDecimal dailyErrorBudgetPct) {
        static Targets of(SloTargets t) {
            return new Targets(t.p95Ms(), t.p99Ms(), t.errorBudgetPct());
        }
    }

    /** One multi-window burn-rate alert of the SRE workbook, evaluated now. */
    public record Window(String name, String longWindow, String shortWindow, double factor,
                         BigDecimal longBurnRate, BigDecimal shortBurnRate, boolean firing) {
    }

    /** logs/deploy_gate.flag while the gate is active. */
    public record GateFlag(String since, BigDecimal burnRatePct, String reason) {
    }

    /** The history line a rebaseline appends to logs/slo_budget.ndjson. */
    public record Rebaseline(String ts, String event, String previousBaseline, boolean deployGateLifted) {
        static Rebaseline at(String ts, String previousBaseline, boolean lifted) {
            return new Rebaseline(ts, "rebaseline", previousBaseline, lifted);
        }
    }
}
