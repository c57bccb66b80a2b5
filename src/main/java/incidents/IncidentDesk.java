package incidents;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import base.DiskProblem;
import base.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the incident-raise route that are not routing: validate and fingerprint, then,
 * once the route has paged, digested, logged or suppressed the incident, record the raise
 * (state database and logs/incidents.ndjson) and say what happened. Also the 24 h summary.
 */
public final class IncidentDesk {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentDesk.class);
    static final Duration SUMMARY_WINDOW = Duration.ofHours(24);
    /** logs/incidents.ndjson: raises and delivery attempts, one line each. */
    public static final String HISTORY = "incidents";
    private final RaiseLog raises;
    private final Outbox outbox;
    private final GroupCommit writes;
    private final ReportFiles reports;
    private final Pager pager;
    private final Map<String, String> channelStatus;
    private final ChannelHealth health;
    private final java.util.function.LongFunction<incidents.lifecycle.LifecycleCounts> lifecycleCounts;
    private final RaiseLifecycle lifecycle;
    private final Clock clock;

    /**
     * {@code lifecycle}: the check and count a raise commits with its row; {@code lifecycleCounts}:
     * the lifecycle figures since a time (epoch ms), for the summary.
     */
    public IncidentDesk(RaiseLog raises, Outbox outbox, GroupCommit writes, ReportFiles reports, Pager pager,
                        Map<String, String> channelStatus, ChannelHealth health, RaiseLifecycle lifecycle,
                        java.util.function.LongFunction<incidents.lifecycle.LifecycleCounts> lifecycleCounts, Clock clock) {
        this.raises = raises;
        this.outbox = outbox;
        this.writes = writes;
        this.reports = reports;
        this.pager = pager;
        this.channelStatus = Map.copyOf(channelStatus);
        this.health = health;
        this.lifecycle = lifecycle;
        this.lifecycleCounts = lifecycleCounts;
        this.clock = clock;
    }

    /** {"severity","msg","source"} as a Map (the internal entry) -> a validated, fingerprinted raise. */
    public Raise accept(Map<?, ?> fields) {
        return new Raise(Incident.from(fields, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    /** INFO by default: written to the log and the history, sent nowhere. */
    public Raise logOnly(Raise raise) {
        raise.routedTo("log", List.of());
        return raise;
    }

    /**
     * Records the raise: commits it (see {@link #commit}), then {@link #recorded}. For callers that
     * may wait; the HTTP raise does the two steps without a waiting thread.
     */
    public Map<String, Object> record(Raise raise) {
        GroupCommit.join(commit(raise));
        return recorded(raise);
    }

    /**
     * Commits the raise with what its routing queued (its pages or digest entry, under the dedup
     * claim) or, when it queued nothing (INFO, held by a silence, no channel on), its row and count.
     * The future completes on the committing thread.
     */
    public CompletableFuture<Void> commit(Raise raise) {
        return raise.queued().isEmpty() ? store(raise) : pager.commitQueued(raise);
    }

    /**
     * Once the raise is committed: writes its history line, and only then sends its pages: a raise
     * whose line cannot be written (a full disk) is taken back whole and answered an error, so
     * nothing is paged or counted for it. Returns what the caller is answered.
     */
    public Map<String, Object> recorded(Raise raise) {
        Incident i = raise.incident();
        boolean suppressed = raise.suppressed();
        RaiseOutcome outcome = new RaiseOutcome(i.fingerprint(), suppressed, i.severity().name(), i.source(),
                suppressed ? "suppressed" : raise.routing(), suppressed ? List.of() : raise.channels());
        try {
            reports.appendHistory(HISTORY, RaiseOutcome.Line.of(i.ts().toString(), outcome, i.msg()));
        } catch (DiskProblem e) {
            throw takeBack(raise, e) ? e.withNothingRecorded() : e;
        } catch (RuntimeException e) {
            takeBack(raise, e);
            throw e;
        }
        pager.dispatch(raise);
        if (suppressed) {
            LOG.debug("incident {} suppressed: paged within the dedup window", i.fingerprint());
        }
        return outcome.asMap();
    }

    /**
     * A raise that queued nothing: its row and, unless INFO, its count on the incident, in one
     * group-committed transaction. An acknowledged incident holds it as "acknowledged" (before a
     * silence does), as it would have held a raise that queued.
     */
    private CompletableFuture<Void> store(Raise raise) {
        Incident i = raise.incident();
        boolean tracked = i.severity() != Severity.INFO;
        boolean silenced = RaiseLifecycle.SILENCED.equals(raise.routing());
        return writes.submit(c -> {
            raises.insert(c, i, false);
            return tracked && lifecycle.countAndCheck(c, i, silenced);
        }).thenAccept(acknowledged -> {
            if (acknowledged) {
                raise.heldAs(RaiseLifecycle.ACKNOWLEDGED);
            }
            if (tracked) {
                raise.markCounted();
            }
        });
    }

    /** True when the raise is taken back whole. */
    private boolean takeBack(Raise raise, RuntimeException cause) {
        try {
            pager.withdraw(raise);
            return true;
        } catch (RuntimeException e) {
            LOG.error("incident {} could not be written to incidents.ndjson ({}) nor taken back ({}); its pages stay queued",
                    raise.incident().fingerprint(), cause.getMessage(), e.getMessage());
            return false;
        }
    }

    /** The last 24 h: totals, by severity and source, suppressed, pages, top fingerprints, channels. */
    public IncidentSummary summary() {
        long now = clock.millis();
        IncidentSummary.Totals totals = raises.totalsSince(now - SUMMARY_WINDOW.toMillis());
        Outbox.Counts pages = outbox.counts(now - SUMMARY_WINDOW.toMillis());
        List<String> on = pager.channelNames();
        Map<String, String> channels = new java.util.TreeMap<>(channelStatus);
        on.forEach(name -> channels.put(name, health.failing(name) ? "failing" : "on"));
        return new IncidentSummary(clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(), SUMMARY_WINDOW.toHours(), totals,
                lifecycleCounts.apply(now - SUMMARY_WINDOW.toMillis()), pages.sent(), pages.failed(), pages.pending(), pages.refused(), channels, health.describe(on));
    }
}
