package incidents.lifecycle;

import java.time.Clock;

import base.ReportFiles;
import com.fasterxml.jackson.annotation.JsonInclude;
import incidents.IncidentDesk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle's lines in logs/incidents.ndjson, beside the raises and delivery attempts:
 * acknowledged, resolved, escalated, silence created and expired. The move is already committed
 * when its line is written, so a line that cannot be written (a full disk) is logged, not thrown.
 */
final class LifecycleHistory {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleHistory.class);
    private final ReportFiles reports;
    private final Clock clock;

    LifecycleHistory(ReportFiles reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(String ts, String event, String fingerprint, String by, String silenceId) {
    }

    void incident(String event, IncidentState s, String by) {
        write(new Line(clock.instant().toString(), event, s.fingerprint(), by, null));
    }

    void silence(String event, Silence s) {
        write(new Line(clock.instant().toString(), event, null, s.createdBy(), s.id()));
    }

    private void write(Line line) {
        try {
            reports.appendHistory(IncidentDesk.HISTORY, line);
        } catch (RuntimeException e) {
            LOG.warn("{} {} is done but its line could not be written to {}.ndjson: {}", line.event(),
                    line.fingerprint() != null ? line.fingerprint() : line.silenceId(), IncidentDesk.HISTORY, e.getMessage());
        }
    }
}
