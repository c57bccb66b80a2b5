package incidents;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import base.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down what each delivery attempt came to (Alertmanager's "record" stage): the outbox row,
 * the channel's health and one line in logs/incidents.ndjson; and, when a page's attempts end,
 * what that means: nothing when delivered; refused for good: a WARN line and a WARNING incident
 * (source "pager") so the on-call hears of it on the other channels; otherwise it waits in the
 * outbox for the next run.
 */
public final class AttemptLedger {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLedger.class);
    private final Outbox outbox;
    private final ChannelHealth health;
    private final AttemptObserver observer;
    private final ReportFiles reports;
    private final Clock clock;
    private final Consumer<Map<String, Object>> refusalNotices;

    /**
     * @param refusalNotices where a WARNING incident about a refused message is raised
     *                       ({"severity","source","msg"}, the shape direct:incident-raise takes)
     */
    public AttemptLedger(Outbox outbox, ChannelHealth health, AttemptObserver observer, ReportFiles reports, Clock clock,
                         Consumer<Map<String, Object>> refusalNotices) {
        this.outbox = outbox;
        this.health = health;
        this.observer = observer;
        this.reports = reports;
        this.clock = clock;
        this.refusalNotices = refusalNotices;
    }

    /** The page's attempts so far, or -1 when it is no longer pending (delivered or refused meanwhile). */
    public int attemptsIfPending(Page page) {
        return outbox.attemptsIfPending(page.id());
    }

    /**
     * Renews this replica's lease on a page before waiting {@code waitMillis} for its next attempt;
     * false when the lease is lost (another replica took the page) or cannot be renewed: then no
     * further attempt is made here, and the page stays in the outbox.
     */
    public boolean keepLease(Page page, long waitMillis) {
        try {
            if (outbox.renew(page.id(), waitMillis)) {
                return true;
            }
            LOG.info("{} {} to {}: this replica's lease was taken over or the page settled; no further attempt here",
                    page.kind(), page.id(), page.channel());
        } catch (RuntimeException e) {
            LOG.warn("{} {} to {}: the lease could not be renewed ({}); it stays in the outbox for the next run",
                    page.kind(), page.id(), page.channel(), e.getMessage());
        }
        return false;
    }

    /** One attempt and its result: committed to the outbox first (the truth), then health and history. */
    public void record(Page page, SendResult result) {
        int attempt = outbox.recordAttempt(page.id(), result, clock.millis());
        health.record(page.channel(), result, clock.instant());
        observer.attempted(page.channel(), result.kind());
        AttemptLine e = new AttemptLine(clock.instant().toString(), "attempt", page.id(), page.kind(), page.fingerprint(),
                page.channel(), attempt, result.ok(), result.kind().name().toLowerCase(Locale.ROOT), result.error());
        try {
            reports.appendHistory(IncidentDesk.HISTORY, e);
        } catch (RuntimeException failure) {
            // the outbox already holds the attempt's outcome; only its history line is missing
            LOG.warn("attempt {} of {} {} to {} ({}) not written to incidents.ndjson: {}", attempt, page.kind(), page.id(),
                    page.channel(), e.result(), failure.getMessage());
        }
    }

    /** The end of a page's attempts. */
    public void settle(Page page, SendResult result) {
        if (result == null || result.ok()) {
            return;
        }
        if (result.kind() == SendResult.Kind.REFUSED) {
            String what = page.fingerprint() != null ? "the " + page.kind() + " of incident " + page.fingerprint() : "a digest";
            LOG.warn("{} refused {} for good ({}); page {} will not be retried, other pages go on", page.channel(), what,
                    result.error(), page.id());
            notice(Map.of("severity", "WARNING", "source", "pager",
                    "msg", page.channel() + " refused " + what + ": " + result.error() + " (page " + page.id() + ")"));
            return;
        }
        LOG.warn("{} {} to {} not delivered yet ({}); it stays in the outbox and the next incident run retries it",
                page.kind(), page.id(), page.channel(), result.error());
    }

    private void notice(Map<String, Object> incident) {
        try {
            refusalNotices.accept(incident);
        } catch (RuntimeException e) {
            LOG.warn("could not raise the notice of a refused page ({}): {}", e.getMessage(), incident.get("msg"));
        }
    }

    /** The history line of one delivery attempt in logs/incidents.ndjson. */
    record AttemptLine(String ts, String event, String pageId, String kind, String fingerprint, String channel, int attempt,
                       boolean ok, String result, String error) {
    }
}
