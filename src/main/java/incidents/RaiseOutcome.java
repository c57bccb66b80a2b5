package incidents;

import java.util.List;
import java.util.Map;

import base.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;

/** What a raise answers: how it was routed, and whether it was a repeat within the dedup window. */
public record RaiseOutcome(String fingerprint, boolean deduplicated, String severity, String source, String routing,
                           List<String> channels) {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** The outcome as direct:incident-raise answers it: a map, as the route takes a map. */
    public Map<String, Object> asMap() {
        return Json.MAPPER.convertValue(this, MAP);
    }

    /** The history line of a raise in logs/incidents.ndjson. */
    record Line(String ts, String event, @JsonUnwrapped RaiseOutcome outcome, String msg,
                // only on lines written back from the database after a crash
                @JsonInclude(JsonInclude.Include.NON_NULL) Boolean reconciled) {
        static Line of(String ts, RaiseOutcome outcome, String msg) {
            return new Line(ts, "raise", outcome, msg, null);
        }
    }
}
