package app;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import base.OwnMetrics;
import costs.CostReport;
import requests.RequestTally;
import slo.DeployGate;
import slo.SloReport;
import slo.SloTargets;

/**
 * The figures each capability publishes, in Prometheus's terms: base units (seconds, ratios 0..1,
 * USD), counters for what only goes up, gauges read from the capability's latest result when
 * scraped (absent or NaN before its first run). AppConfiguration calls one method per capability;
 * docs/operations.md lists every series.
 */
final class CapabilityMetrics {
    private CapabilityMetrics() {
    }

    /** Latency buckets (ms) around the usual SLO targets; the configured targets are added to them. */
    static final double[] LATENCY_BUCKETS_MS = {25, 50, 100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000};

    /** The app's requests as folded from the request events: counters and a latency histogram. */
    static void requests(OwnMetrics m, RequestTally tally) {
        m.counterFrom("app_requests", "request events of the app folded from the requests file (counted when folded)",
                tally, t -> t.snapshot().total());
        m.counterFrom("app_request_failures", "failed request events (status >= 500, ok=false or an error) folded",
                tally, t -> t.snapshot().failures());
        m.counterFrom("app_request_lines_skipped", "lines of the requests file that were not valid request events",
                tally, t -> t.snapshot().skippedLines());
        m.histogram("app_request_duration_seconds", "latency of the app's requests, from the request events", () -> {
            RequestTally.Snapshot s = tally.snapshot();
            double[] bounds = new double[s.upperBoundsMs().length];
            for (int i = 0; i < bounds.length; i++) {
                bounds[i] = s.upperBoundsMs()[i] / 1000.0;
            }
            return new OwnMetrics.Buckets(bounds, s.bucketCounts(), s.sumMs() / 1000.0);
        });
    }

    /** SLO targets, the window's figures, every burn window of the SRE Workbook, the deploy gate. */
    static void slo(OwnMetrics m, SloTargets targets, Supplier<SloReport> latest) {
        m.gaugeFamily("slo_latency_target_seconds", "latency SLO target per percentile (SLO_LAT_P95_MS, SLO_LAT_P99_MS)",
                "percentile", () -> Map.of("95", targets.p95Ms().doubleValue() / 1000, "99", targets.p99Ms().doubleValue() / 1000));
        m.gauge("slo_objective_ratio", "share of requests that must succeed (1 - SLO_ERR_BUDGET_DAILY_PCT / 100)",
                () -> 1 - targets.errorBudgetPct().doubleValue() / 100);
        m.gaugeFamily("slo_latency_seconds", "latency percentile over the SLO window, as of the last SLO run", "percentile", () -> {
            SloReport d = latest.get();
            return d == null ? Map.of() : Map.of("95", d.p95Ms().doubleValue() / 1000, "99", d.p99Ms().doubleValue() / 1000);
        });
        m.gauge("slo_error_ratio", "failed / total requests over the SLO window, as of the last SLO run",
                () -> latest.get() == null ? Double.NaN : latest.get().errorRate().doubleValue() / 100);
        m.gauge("slo_error_budget_remaining_ratio", "error budget left over the SLO window, 0..1, as of the last SLO run",
                () -> latest.get() == null ? Double.NaN : latest.get().remainingBudgetPct().doubleValue() / 100);
        m.gaugeFamily("slo_burn_rate", "error rate over the window / the error budget (1 = burning exactly the budget),"
                + " as of the last SLO run", "window", () -> burnRates(latest.get()));
        m.gaugeFamily("slo_burn_alert_firing", "1 when both windows of an SRE Workbook burn-rate alert exceed its factor",
                "alert", () -> firing(latest.get()));
        m.gauge("slo_deploy_gate_active", "1 while the deploy gate is active (logs/" + DeployGate.FLAG_FILE + "), else 0",
                () -> latest.get() == null ? Double.NaN : latest.get().deployGateActive() ? 1 : 0);
    }

    /** Worker counts of the last autoscale decision. */
    static void scale(OwnMetrics m, Supplier<scale.ScaleReport> latest) {
        m.gauge("scale_current_workers", "workers running, as of the last autoscale decision",
                () -> latest.get() == null ? Double.NaN : latest.get().currentWorkers());
    }

    /** Spend and caps per model, and the daily cap. */
    static void costs(OwnMetrics m, Supplier<CostReport> latest) {
        m.gaugeFamily("costs_model_spent_24h_usd", "LLM spend of a model over the last 24 h, as of the last cost check", "model",
                () -> perModel(latest.get(), CostReport.Model::spentUsd));
        m.gaugeFamily("costs_model_cap_usd", "daily cap of a model (models without a cap are absent)", "model",
                () -> perModel(latest.get(), CostReport.Model::capUsd));
        m.gauge("costs_daily_cap_usd", "global cap on the spend of the rolling 24 h",
                () -> latest.get() == null ? Double.NaN : latest.get().dailyCapUsd().doubleValue());
    }

    /** When each job last ran without an error, and how often it should, for a stale-job alert. */
    static void jobs(OwnMetrics m, Supplier<Map<String, Double>> lastSuccess, Map<String, Duration> intervals) {
        m.gaugeFamily("job_last_success_timestamp_seconds", "end of the job's last run without an error (Unix time)",
                "job_name", lastSuccess);
        Map<String, Double> seconds = new LinkedHashMap<>();
        intervals.forEach((job, d) -> seconds.put(job, d.toMillis() / 1000.0));
        m.gaugeFamily("job_interval_seconds", "configured period of the job (SLO_INTERVAL, INCIDENT_INTERVAL, ...)",
                "job_name", () -> seconds);
    }

    /** Labelled by window, so a map: the burn of the day and of each window of the SRE Workbook. */
    private static Map<String, Double> burnRates(SloReport d) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (d == null) {
            return out;
        }
        out.put("24h", d.burnRatePct().doubleValue() / 100);
        for (SloReport.Window w : d.burnWindows()) {
            out.put(label(w.longWindow()), w.longBurnRate().doubleValue());
            out.put(label(w.shortWindow()), w.shortBurnRate().doubleValue());
        }
        return out;
    }

    private static Map<String, Double> firing(SloReport d) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (d != null) {
            for (SloReport.Window w : d.burnWindows()) {
                out.put(w.name(), w.firing() ? 1.0 : 0.0);
            }
        }
        return out;
    }

    /** A java.time.Duration text (PT1H, PT5M, PT72H) as Prometheus writes durations (1h, 5m, 3d). */
    static String label(Object isoDuration) {
        Duration d = Duration.parse(String.valueOf(isoDuration));
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static Map<String, Double> perModel(CostReport d, Function<CostReport.Model, BigDecimal> figure) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (d != null) {
            d.byModel().forEach((model, figures) -> {
                BigDecimal v = figure.apply(figures);
                if (v != null) {
                    out.put(model, v.doubleValue());
                }
            });
        }
        return out;
    }
}
