package incidents;

import java.time.Clock;
import java.time.Duration;

import base.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INCIDENT_INTERVAL run: send the digest of ERROR/WARNING raises, retry the outbox, forget
 * old raises and finished pages, and write logs/incident_summary.json (history in .ndjson).
 */
public final class IncidentJob {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentJob.class);
    private static final Duration KEEP_RAISES = Duration.ofDays(2);
    private final Pager pager;
    private final RaiseLog raises;
    private final Outbox outbox;
    private final IncidentDesk desk;
    private final ReportFiles reports;
    private final Clock clock;

    private volatile IncidentSummary latest;

    public IncidentJob(Pager pager, RaiseLog raises, Outbox outbox, IncidentDesk desk, ReportFiles reports,
                       Clock clock) {
        this.pager = pager;
        this.raises = raises;
        this.outbox = outbox;
        this.desk = desk;
        this.reports = reports;
        this.clock = clock;
    }

    /** The summary of the last run (incident_summary.json), or null before the first. */
    public IncidentSummary latest() {
        return latest;
    }

    public synchronized IncidentSummary run() {
        long digested = pager.queueDigest();
        int delivered = pager.deliverPending();
        raises.purgeBefore(clock.millis() - KEEP_RAISES.toMillis());
        outbox.purgeFinishedBefore(clock.millis() - KEEP_RAISES.toMillis());
        IncidentSummary summary = desk.summary();
        reports.publish("incident_summary", summary);
        latest = summary;
        if (digested > 0 || delivered > 0) {
            LOG.info("incident run: {} incidents in the digest, {} pages delivered, {} pending", digested, delivered,
                    summary.pagesPending());
        }
        return summary;
    }
}
