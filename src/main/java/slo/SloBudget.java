package slo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import base.AtomicJsonWriter;
import base.InputFollower;
import base.ReportFiles;
import base.Rounding;
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
    /** logs/slo_budget.json and .ndjson. */
    public static final String REPORT = "slo_budget";

    private final SloTargets targets;
    private final RequestLog requests;
    private final SloStateRepository state;
    private final AtomicJsonWriter flagWriter;
    private final Path gateFlag;
    private final ReportFiles reports;
    private final Clock clock;
    private final base.LatestResults results;
    private final SloHistoryRepository history;
    private volatile SloRun latest;

    public SloBudget(SloTargets targets, RequestLog requests, base.StateDb db, AtomicJsonWriter flagWriter,
                     ReportFiles reports, Clock clock) {
        this.targets = targets;
        this.requests = requests;
        this.state = new SloStateRepository(db);
        this.flagWriter = flagWriter;
        this.reports = reports;
        this.gateFlag = reports.file(DeployGate.FLAG_FILE);
        this.clock = clock;
        this.results = new base.LatestResults(db);
        this.history = new SloHistoryRepository(db);
        history.importIfEmpty(reports.file(REPORT + ".ndjson"));
    }

    /** The history every replica's runs and rebaselines add to. */
    public SloHistoryRepository history() {
        return history;
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
        SloReport report = new SloReport(now.toString(), targets.windowDays(),
                Rounding.twoPlaces(LatencyHistograms.percentileMs(latency, 95)),
                Rounding.twoPlaces(LatencyHistograms.percentileMs(latency, 99)),
                Rounding.twoPlaces(window.errorRatePct()), Rounding.twoPlaces(remainingBudgetPct(window)),
                Rounding.twoPlaces(burnPct), alert.name(), SloReport.Targets.of(targets), windowStart.toString(),
                str(stored.baseline()), window.total(), window.failures(), day.total(), day.failures(),
                read.lines() - read.skipped(),
                // the file's total, not this run's: the autoscaler may have folded (and skipped) the lines first
                read.skippedSinceStart(),
                gate.state().active(), str(gate.state().gateSince()), str(gate.state().criticalSince()),
                burnWindows(now, stored.baseline()));
        SloRun run = new SloRun(report, gate.change());
        latest = run;
        results.save(REPORT, report, now.toEpochMilli());
        history.add(report);
        return run;
    }

    /** Starts the window now and lifts the gate; the history records it. */
    public synchronized void rebaseline() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SloStateRepository.Stored before = state.load();
        state.save(new SloStateRepository.Stored(now, DeployGate.State.CLEAR));
        removeFlag();
        SloReport.Rebaseline event = SloReport.Rebaseline.at(now.toString(), str(before.baseline()), before.gate().active());
        reports.appendHistory(REPORT, event);
        history.add(event);
        LOG.info("SLO rebaselined at {}; deploy gate {}", now, before.gate().active() ? "lifted" : "was not active");
    }

    /** The latest budget any replica computed (as JSON), read at most once a second; empty before the first run. */
    public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> shared() {
        return results.read(REPORT);
    }

    /** This replica's last computed result, or null before its first run. */
    public SloRun latest() {
        return latest;
    }

    private double remainingBudgetPct(Counts window) {
        double remaining = 100 * (1 - targets.burnMultiple(window.errorRatePct()));
        return Math.max(0, Math.min(100, remaining));
    }

    private List<SloReport.Window> burnWindows(Instant now, Instant baseline) {
        List<SloReport.Window> out = new ArrayList<>();
        for (BurnWindows.BurnWindow w : BurnWindows.SRE_WORKBOOK) {
            BurnWindows.Evaluation e = new BurnWindows.Evaluation(w,
                    burnOver(w.longWindow(), now, baseline), burnOver(w.shortWindow(), now, baseline));
            out.add(new SloReport.Window(w.name(), w.longWindow().toString(), w.shortWindow().toString(), w.factor(),
                    Rounding.twoPlaces(e.longBurn()), Rounding.twoPlaces(e.shortBurn()), e.firing()));
        }
        return out;
    }

    private double burnOver(Duration d, Instant now, Instant baseline) {
        Counts c = requests.aggregates().counts(max(now.minus(d), baseline).toEpochMilli(), now.toEpochMilli());
        return targets.burnMultiple(c.errorRatePct());
    }

    private void applyGate(DeployGate.Decision d) {
        if (d.change() == DeployGate.Change.OPENED) {
            LOG.warn("deploy gate OPENED: {}", writeFlag(d.state()).reason());
        } else if (d.change() == DeployGate.Change.LIFTED) {
            removeFlag();
            LOG.info("deploy gate lifted: burn below {} %", DeployGate.LIFT_BELOW_PCT);
        } else if (d.state().active() && !Files.exists(gateFlag)) {
            // the gate opened on another replica (the state database says so): this leader's host gets the flag too
            writeFlag(d.state());
        }
    }

    private SloReport.GateFlag writeFlag(DeployGate.State gate) {
        SloReport.GateFlag flag = new SloReport.GateFlag(gate.gateSince().toString(), Rounding.twoPlaces(gate.gateBurnPct()),
                "burn alert CRITICAL (over " + DeployGate.percent(BurnAlert.CRITICAL_ABOVE_PCT) + " of the daily error budget) since "
                + gate.criticalSince() + "; " + DeployGate.BLOCKED_UNTIL);
        flagWriter.write(gateFlag, flag);
        return flag;
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
