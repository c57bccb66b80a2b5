package costs;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;


import base.ReportFiles;
import base.StateVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost guardrails (seed phase 79): folds new usage events, evaluates spend against the caps in
 * force, keeps the latest status and allow table in memory, stores caps set over HTTP, and says
 * when an incident is due: once each time the level rises (OK -> WARNING -> CRITICAL); a level
 * that falls is remembered, so the next rise pages again. Spend and caps are shared by the
 * replicas on one state database: an answer asks at most once a second whether another replica
 * changed them (one small query, the state version "costs") and re-evaluates when it did, so the
 * allow decision follows spend posted anywhere within about a second.
 */
public final class CostGuard {
    private static final Logger LOG = LoggerFactory.getLogger(CostGuard.class);
    static final String SOURCE = "cost_guardrails";
    /** logs/costs.json and .ndjson. */
    static final String REPORT = "costs";
    private static final int MAX_MSG = 4000;

    private final CostSettings settings;
    private final UsageLog usage;
    private final CapRepository caps;
    private final ReportFiles reports;
    /** How long answers rest on the evaluated table before asking whether the shared state changed. */
    static final long FRESH_NANOS = 1_000_000_000L;
    private final Clock clock;
    private final StateVersions versions;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile CostStatus latest;
    private volatile AllowTable allow = AllowTable.empty();
    /** The state version the latest evaluation saw, and when (System.nanoTime) it was last compared. */
    private volatile long evaluatedVersion = -1;
    private volatile long checkedAt;

    CostGuard(CostSettings settings, UsageLog usage, CapRepository caps, StateVersions versions, ReportFiles reports, Clock clock) {
        this.settings = settings;
        this.usage = usage;
        this.caps = caps;
        this.versions = versions;
        this.reports = reports;
        this.clock = clock;
    }

    /**
     * Evaluates what the state DB already holds, so that status and allow answer from the first
     * request on; the first run (a second after start) then reads what the usage file gained meanwhile.
     */
    public synchronized void start() {
        evaluate();
    }

    /** One run: read new events, evaluate, decide whether to page. The route publishes and pages. */
    public synchronized CostRun run() {
        long stale = usage.catchUp();
        if (stale > 0) {
            LOG.info("{}: {} event(s) older than 24 h ignored", usage.file(), stale);
        }
        CostStatus status = evaluate();
        CostLevel paged = caps.pagedLevel();
        if (status.level().above(paged)) {
            return new CostRun(status.data(), incident(status));
        }
        if (paged.above(status.level())) {
            caps.savePagedLevel(status.level());
        }
        return new CostRun(status.data(), null);
    }

    /** Called once the pager took the incident: the same level is not paged again. */
    public synchronized void paged(Map<String, Object> incident) {
        caps.savePagedLevel(CostLevel.valueOf(String.valueOf(incident.get("severity"))));
    }

    /** Stores a cap (model null: the global one; cap null: remove the model's cap) and records it. */
    public synchronized CapChange setCap(String model, BigDecimal cap) {
        Caps before = currentCaps();
        BigDecimal old = model == null ? before.daily() : before.of(model);
        Instant now = now();
        caps.save(model, cap, now.toEpochMilli());
        CapChange change = new CapChange(model, old, cap);
        reports.appendHistory(REPORT, CostReport.CapSet.of(now.toString(), change));
        LOG.info("cost cap of {} set from {} to {} USD", model == null ? "the daily total" : model, old, cap);
        return change;
    }

    /** The last evaluated status, re-evaluated first when another replica changed spend or caps. */
    public CostStatus latest() {
        current();
        return latest;
    }

    /** The last status in the seed's shape (costs.json), for the daemon's own metrics. */
    public CostReport latestData() {
        CostStatus s = latest();
        return s == null ? null : s.data();
    }

    public AllowTable allowTable() {
        current();
        return allow;
    }

    /**
     * At most once per {@link #FRESH_NANOS}, and by one caller at a time (the others answer from the
     * table they have): compares the shared state version with the evaluated one.
     */
    private void current() {
        long t = System.nanoTime();
        if (t - checkedAt < FRESH_NANOS || !checking.tryLock()) {
            return;
        }
        try {
            checkedAt = t;
            if (versions.current(UsageLog.VERSION) != evaluatedVersion) {
                reevaluate();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not check the shared spend for changes ({}); answering from the last evaluation", e.getMessage());
        } finally {
            checking.unlock();
        }
    }

    private synchronized void reevaluate() {
        evaluate();
    }

    private CostStatus evaluate() {
        long version = versions.current(UsageLog.VERSION); // before reading: a change made meanwhile is seen next time
        Instant now = now();
        SpendWindow window = new SpendWindow(usage.window(now.toEpochMilli()), now.toEpochMilli());
        CostStatus status = CostEvaluation.evaluate(window, currentCaps(), settings.fallbacks(), now, usage.skippedLines());
        allow = status.allow();
        latest = status;
        evaluatedVersion = version;
        checkedAt = System.nanoTime();
        return status;
    }

    private Caps currentCaps() {
        return Caps.of(settings, caps.overrides());
    }

    private Map<String, Object> incident(CostStatus s) {
        String head = s.level() == CostLevel.CRITICAL
                ? "LLM spend CRITICAL: a cost cap is reached, AI calls are throttled. "
                : "LLM spend WARNING: 90 % of a cost cap reached or forecast. ";
        String msg = head + "Last 24 h: " + s.figures() + ". " + s.reason();
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("severity", s.level().name());
        incident.put("msg", msg.codePointCount(0, msg.length()) > MAX_MSG
                ? msg.substring(0, msg.offsetByCodePoints(0, MAX_MSG - 1)) + "…" : msg);
        incident.put("source", SOURCE);
        return incident;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
