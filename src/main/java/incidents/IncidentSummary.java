package incidents;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The last 24 h as logs/incident_summary.json and POST /api/incidents/summary show it; the
 * component order is the field order of the JSON, names are written in snake_case.
 *
 * @param lifecycle     open / acknowledged / resolved counts, escalations, silenced raises, mean times to acknowledge and resolve
 * @param channels      every known channel by name: on, failing, or why it is off (a map: the names are data)
 * @param channelHealth each configured channel's delivery state, by name
 */
public record IncidentSummary(
        String generatedAt,
        long windowHours,
        @JsonUnwrapped Totals totals,
        @JsonUnwrapped incidents.lifecycle.LifecycleCounts lifecycle,
        long pagesSent,
        long pagesFailed,
        long pagesPending,
        long pagesRefused,
        Map<String, String> channels,
        Map<String, ChannelHealth.Described> channelHealth) {

    /** The raises since a time; counts by severity and source are maps, their keys are data. */
    public record Totals(long totalIncidents, long uniqueFingerprints, long suppressed, Map<String, Long> bySeverity,
                         Map<String, Long> bySource, List<TopFingerprint> topFingerprints) {
    }

    /** One of the most raised fingerprints. */
    public record TopFingerprint(String fingerprint, String severity, String source, String msg, long count,
                                 long suppressed, String firstSeen, String lastSeen) {
    }
}
