package incidents.lifecycle;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import incidents.Incident;
import incidents.Severity;

/**
 * One incident of a fingerprint, as GET /api/incidents lists it (snake_case JSON). Times are
 * ISO-8601, null when the step has not happened.
 *
 * @param count         raises of this incident, silenced and deduplicated ones included
 * @param silenced      raises a silence kept from paging
 * @param pagesSent     pages queued for it (one per channel per page, escalations included)
 * @param pagedChannels the channels it was paged on, where a RESOLVED notice goes
 */
public record IncidentState(String id, String fingerprint, String severity, String source, String msg, String status,
                            long count, long silenced, String firstSeen, String lastSeen, long pagesSent,
                            List<String> pagedChannels, String acknowledgedAt, String acknowledgedBy,
                            String resolvedAt, String resolvedBy, String escalatedAt) {

    public IncidentStatus state() {
        return IncidentStatus.of(status);
    }

    /** The incident as a page shows it, raised when first seen. */
    @JsonIgnore
    public Incident incident() {
        return new Incident(Instant.parse(firstSeen), Severity.parse(severity), source, msg, fingerprint);
    }

    /** The stored comma-separated channels, each once (a channel paged again may have been appended twice). */
    static List<String> channels(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.stream(joined.split(",")).distinct().toList();
    }
}
