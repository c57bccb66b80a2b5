package slo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.AtomicJsonWriter;
import app.InputFollower;
import app.ReportFiles;
import app.Rounding;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import requests.LatencyHistograms;
import requests.RequestAggregates;
import requests.RequestAggregates.Counts;
import requests.RequestLog;

/**
 * The SLO error budget (seed phase 76): folds new request events, computes the budget over the
 * window (never before the baseline), moves the deploy gate, and keeps the latest result.
 */
public final class SloBudget {
    private static final Logger LOG = LoggerFactory.getLogger(SloBudget.class);
    private static final Duration DAY = Duration.ofDays(1);

    private final SloTargets targets;
    private final RequestLog requests;
    private final SloStateRepository state;
    private final AtomicJsonWriter flagWriter;
    private final Path gateFlag;
    private final ReportFiles reports;
    private final Clock clock;
    private volatile SloRun latest;

    public SloBudget(SloTargets targets, RequestLog requests, app.StateDb db, AtomicJsonWriter flagWriter,
                     ReportFiles reports, Clock clock) {
        this.targets = targets;
        this.requests = requests;
        this.state = new SloStateRepository(db);
        this.flagWriter = flagWriter;
        this.reports = reports;
        this.gateFlag = reports.file("deploy_gate.flag");
        this.clock = clock;
    }

    /** One run: read new events, compute, move the gate. The route publishes the result. */
    public synchronized SloRun run() {
        InputFollower.CatchUp read = requests.catchUp();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SloStateRepository.Stored stored = state.load();
        Instant windowStart = max(now.minus(Duration.ofDays(targets.windowDays())), stored.baseline());
        RequestAggregates agg = requests.aggregates();
        Counts window = agg.counts(windowStart.toEpochMilli(), now.toEpochMilli());
        Counts day = agg.counts(max(now.minus(DAY), stored.baseline()).toEpochMilli(), now.toEpochMilli());
        double burnPct = 100 * targets.burnMultiple(day.errorRatePct());
        BurnAlert alert = BurnAlert.of(burnPct);
        DeployGate.Decision gate = DeployGate.next(stored.gate(), alert, burnPct, now);
        applyGate(gate);
        state.save(new SloStateRepository.Stored(stored.baseline(), gate.state()));
        Histogram latency = agg.latencySince(windowStart.toEpochMilli());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ts", now.toString());
        data.put("period_days", targets.windowDays());
        data.put("p95_ms", Rounding.twoPlaces(LatencyHistograms.percentileMs(latency, 95)));
        data.put("p99_ms", Rounding.twoPlaces(LatencyHistograms.percentileMs(latency, 99)));
        data.put("error_rate", Rounding.twoPlaces(window.errorRatePct()));
        data.put("remaining_budget_pct", Rounding.twoPlaces(remainingBudgetPct(window)));
        data.put("burn_rate_pct", Rounding.twoPlaces(burnPct));
        data.put("burn_alert", alert.name());
        data.put("slo_targets", sloTargets());
        data.put("window_start", windowStart.toString());
        data.put("baseline", stored.baseline() == null ? null : stored.baseline().toString());
        data.put("total_requests", window.total());
        data.put("failed_requests", window.failures());
        data.put("requests_24h", day.total());
        data.put("failed_24h", day.failures());
        data.put("new_events", read.lines() - read.skipped());
        // the file's total, not this run's: the autoscaler may have folded (and skipped) the lines first
        data.put("skipped_lines", read.skippedSinceStart());
        data.put("deploy_gate_active", gate.state().active());
        data.put("deploy_gate_since", str(gate.state().gateSince()));
        data.put("critical_since", str(gate.state().criticalSince()));
        data.put("burn_windows", burnWindows(now, stored.baseline()));
        SloRun run = new SloRun(data, gate.change());
        latest = run;
        return run;
    }

    /** Starts the window now and lifts the gate; the history records it. */
    public synchronized void rebaseline() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SloStateRepository.Stored before = state.load();
        state.save(new SloStateRepository.Stored(now, DeployGate.State.CLEAR));
        removeFlag();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("ts", now.toString());
        event.put("event", "rebaseline");
        event.put("previous_baseline", str(before.baseline()));
        event.put("deploy_gate_lifted", before.gate().active());
        reports.appendHistory("slo_budget", event);
        LOG.info("SLO rebaselined at {}; deploy gate {}", now, before.gate().active() ? "lifted" : "was not active");
    }

    /** The last computed result, or null before the first run. */
    public SloRun latest() {
        return latest;
    }

    private double remainingBudgetPct(Counts window) {
        double remaining = 100 * (1 - targets.burnMultiple(window.errorRatePct()));
        return Math.max(0, Math.min(100, remaining));
    }

    private Map<String, Object> sloTargets() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("p95_ms", targets.p95Ms());
        t.put("p99_ms", targets.p99Ms());
        t.put("daily_error_budget_pct", targets.errorBudgetPct());
        return t;
    }

    private List<Map<String, Object>> burnWindows(Instant now, Instant baseline) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BurnWindows.BurnWindow w : BurnWindows.SRE_WORKBOOK) {
            BurnWindows.Evaluation e = new BurnWindows.Evaluation(w,
                    burnOver(w.longWindow(), now, baseline), burnOver(w.shortWindow(), now, baseline));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("long_window", w.longWindow().toString());
            m.put("short_window", w.shortWindow().toString());
            m.put("factor", w.factor());
            m.put("long_burn_rate", Rounding.twoPlaces(e.longBurn()));
            m.put("short_burn_rate", Rounding.twoPlaces(e.shortBurn()));
            m.put("firing", e.firing());
            out.add(m);
        }
        return out;
    }

    private double burnOver(Duration d, Instant now, Instant baseline) {
        Counts c = requests.aggregates().counts(max(now.minus(d), baseline).toEpochMilli(), now.toEpochMilli());
        return targets.burnMultiple(c.errorRatePct());
    }

    private void applyGate(DeployGate.Decision d) {
        if (d.change() == DeployGate.Change.OPENED) {
            Map<String, Object> flag = new LinkedHashMap<>();
            flag.put("since", d.state().gateSince().toString());
            flag.put("burn_rate_pct", Rounding.twoPlaces(d.state().gateBurnPct()));
            flag.put("reason", "burn alert CRITICAL (over 200 % of the daily error budget) since "
                    + d.state().criticalSince() + "; deploys are blocked until burn falls below 150 % or an operator rebaselines");
            flagWriter.write(gateFlag, flag);
            LOG.warn("deploy gate OPENED: {}", flag.get("reason"));
        } else if (d.change() == DeployGate.Change.LIFTED) {
            removeFlag();
            LOG.info("deploy gate lifted: burn below {} %", DeployGate.LIFT_BELOW_PCT);
        }
    }

    private void removeFlag() {
        try {
            Files.deleteIfExists(gateFlag);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + gateFlag + ": " + e.getMessage(), e);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
