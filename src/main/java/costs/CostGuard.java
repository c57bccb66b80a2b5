package costs;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import base.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost guardrails (seed phase 79): folds new usage events, evaluates spend against the caps in
 * force, keeps the latest status and allow table in memory, stores caps set over HTTP, and says
 * when an incident is due: once each time the level rises (OK -> WARNING -> CRITICAL); a level
 * that falls is remembered, so the next rise pages again.
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
    private final Clock clock;
    private volatile CostStatus latest;
    private volatile AllowTable allow = AllowTable.empty();

    CostGuard(CostSettings settings, UsageLog usage, CapRepository caps, ReportFiles reports, Clock clock) {
        this.settings = settings;
        this.usage = usage;
        this.caps = caps;
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

    /** The last evaluated status. */
    public CostStatus latest() {
        return latest;
    }

    /** The last status in the seed's shape (costs.json), for the daemon's own metrics. */
    public CostReport latestData() {
        return latest == null ? null : latest.data();
    }

    public AllowTable allowTable() {
        return allow;
    }

    private CostStatus evaluate() {
        Instant now = now();
        SpendWindow window = new SpendWindow(usage.window(now.toEpochMilli()), now.toEpochMilli());
        CostStatus status = CostEvaluation.evaluate(window, currentCaps(), settings.fallbacks(), now, usage.skippedLines());
        allow = status.allow();
        latest = status;
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
