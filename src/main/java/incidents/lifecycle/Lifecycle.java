package incidents.lifecycle;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import base.ApiProblem;
import base.Excerpt;
import base.ReportFiles;
import incidents.Page;
import incidents.Pager;
import incidents.Raise;
import incidents.RaiseLifecycle;
import incidents.Severity;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incident's life after its raise: the raise route asks {@link #admit} before its dedup (a
 * silence holds the raise: recorded, paged nowhere), and the raise's transaction checks and counts it
 * on its incident (an acknowledged incident holds it too); people acknowledge and resolve; every incident run
 * calls {@link #sweep} (auto-resolve, escalation). The dedup claim lives on the incident's row, so
 * the next raise of a resolved incident's fingerprint opens a new incident and pages at once. INFO
 * raises that are only logged have no lifecycle.
 */
public final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    /** The header the raise route routes on: "silenced" when a silence holds the raise, absent when none does. */
    public static final String HELD = "incidentHeld";
    static final String TIMEOUT = "timeout";
    private final IncidentStates states;
    private final Silences silences;
    private final Pager pager;
    private final LifecycleSettings settings;
    private final LifecycleHistory history;
    private final Clock clock;

    public Lifecycle(IncidentStates states, Silences silences, Pager pager, LifecycleSettings settings,
                     ReportFiles reports, Clock clock) {
        this.states = states;
        this.silences = silences;
        this.pager = pager;
        this.settings = settings;
        this.history = new LifecycleHistory(reports, clock);
        this.clock = clock;
    }

    /**
     * The lifecycle step of the raise route (a Processor there, as is {@link #hold}: no bean binding
     * on the hot path), before the dedup: marks the raise held when a silence matches it (silences
     * are read from the database at most once a second). Whether its incident is acknowledged, and
     * its count on the incident, are decided in the raise's own transaction ({@link IncidentStates},
     * as the pager's and the desk's {@link incidents.RaiseLifecycle}).
     */
    public void admit(Exchange exchange) {
        Raise raise = exchange.getMessage().getBody(Raise.class);
        if (raise.incident().severity() != Severity.INFO && silences.matching(raise.incident()).isPresent()) {
            exchange.getMessage().setHeader(HELD, RaiseLifecycle.SILENCED);
        }
    }

    /** The route's branch for a held raise: recorded with its reason as routing, paged nowhere. */
    public void hold(Exchange exchange) {
        exchange.getMessage().getBody(Raise.class).heldAs(exchange.getMessage().getHeader(HELD, String.class));
    }

    /** What a move did: the incident as it stands now, and whether this call moved it. */
    public record Transition(boolean moved, IncidentState incident) {
    }

    public Transition acknowledge(String fingerprint, String by) {
        IncidentState s = known(fingerprint);
        boolean moved = s.state() == IncidentStatus.OPEN
                && states.move(s.id(), IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, by, clock.millis());
        if (moved) {
            history.incident("acknowledged", s, by);
        }
        return new Transition(moved, states.latest(fingerprint).orElse(s));
    }

    /** Resolves the fingerprint's incident; a RESOLVED notice goes to the channels it was paged on. */
    public Transition resolve(String fingerprint, String by) {
        IncidentState s = known(fingerprint);
        boolean moved = s.state() != IncidentStatus.RESOLVED && resolved(s, by);
        return new Transition(moved, states.latest(fingerprint).orElse(s));
    }

    private boolean resolved(IncidentState s, String by) {
        if (!states.move(s.id(), s.state(), IncidentStatus.RESOLVED, by, clock.millis())) {
            return false;
        }
        history.incident("resolved", s, by);
        IncidentState now = states.latest(s.fingerprint()).filter(l -> l.id().equals(s.id())).orElse(s);
        if (!now.pagedChannels().isEmpty()) {
            pager.notice(Page.NOTICE, s.fingerprint(), now.pagedChannels(), LifecycleText.resolvedSubject(now.incident(), by),
                    ch -> LifecycleText.resolved(ch, now));
        }
        return true;
    }

    private IncidentState known(String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw ApiProblem.badRequest("missing \"fingerprint\"; send {\"fingerprint\":\"c75893c52574\",\"by\":\"ana\"}"
                    + " (the fingerprint a raise answered, or GET /api/incidents)");
        }
        return states.latest(fingerprint).orElseThrow(() -> new ApiProblem(404, "no incident with fingerprint "
                + Excerpt.of(fingerprint) + "; GET /api/incidents?status=all lists them"));
    }

    /** The incident run's part: resolve what went quiet, escalate what nobody answered. */
    public void sweep() {
        long now = clock.millis();
        int quiet = 0;
        for (IncidentState s : states.quietSince(now - settings.autoResolveAfter().toMillis())) {
            if (resolved(s, TIMEOUT)) {
                quiet++;
            }
        }
        int escalated = settings.escalates() ? escalate(now) : 0;
        if (quiet > 0 || escalated > 0) {
            LOG.info("incident lifecycle: {} resolved by timeout, {} escalated", quiet, escalated);
        }
    }

    private int escalate(long now) {
        List<String> on = settings.escalationChannels().stream().filter(pager.channelNames()::contains).toList();
        if (on.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (IncidentState s : states.unansweredCriticalSince(now - settings.escalateAfter().toMillis())) {
            // marked first: an escalation happens once, whichever replica or run gets there first
            if (states.markEscalated(s.id(), now, on)) {
                pager.notice(Page.ESCALATION, s.fingerprint(), on, LifecycleText.escalatedSubject(s.incident()),
                        ch -> LifecycleText.escalated(ch, s, settings.escalateAfter().toMinutes()));
                history.incident("escalated", s, String.join(",", on));
                n++;
            }
        }
        return n;
    }

    /** What the channels the escalation goes to are, and why one is missing. */
    public Optional<String> escalationProblem() {
        if (!settings.escalates()) {
            return Optional.empty();
        }
        List<String> off = settings.escalationChannels().stream().filter(ch -> !pager.channelNames().contains(ch)).toList();
        return off.isEmpty() ? Optional.empty() : Optional.of("ESCALATION_CHANNELS names " + off
                + ", which is not on; escalations skip it (channels on: " + pager.channelNames() + ")");
    }

    public IncidentStates states() {
        return states;
    }

    public Silence silence(java.util.Map<String, Object> fields) {
        Silence s = silences.create(fields);
        history.silence("silence_created", s);
        return s;
    }

    public Silence expireSilence(String id) {
        Silence s = silences.expire(id);
        history.silence("silence_expired", s);
        return s;
    }

    public java.util.List<Silence> activeSilences() {
        return silences.active();
    }
}
