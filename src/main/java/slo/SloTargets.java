package slo;

import java.math.BigDecimal;

import base.Settings;

/** The SLO: latency targets, the share of requests allowed to fail, and the rolling window. */
public record SloTargets(BigDecimal p95Ms, BigDecimal p99Ms, BigDecimal errorBudgetPct, int windowDays) {

    public static SloTargets from(Settings s) {
        return new SloTargets(s.positiveDecimal("SLO_LAT_P95_MS"), s.positiveDecimal("SLO_LAT_P99_MS"),
                s.positiveDecimal("SLO_ERR_BUDGET_DAILY_PCT"), s.integer("SLO_WINDOW_DAYS", 1, 366));
    }

    /** How many times the budget an error rate burns: 1.0 = exactly the budget. */
    public double burnMultiple(double errorRatePct) {
        return errorRatePct / errorBudgetPct.doubleValue();
    }
}
