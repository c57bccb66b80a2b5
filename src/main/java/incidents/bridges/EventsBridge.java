package incidents.bridges;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import incidents.Fingerprint;
import incidents.lifecycle.Lifecycle;
import org.apache.camel.Exchange;
import routes.ApiDoor;
import routes.ApiKeyCheck;

/**
 * POST /api/incidents/events: the PagerDuty Events API v2 body, so that anything that pages
 * PagerDuty (Alertmanager's pagerduty_configs, Grafana, scripts) can page through EchoPilot with
 * its url pointed here. Authorised by {@code routing_key} equal to EVENTS_ROUTING_KEY, or by the
 * dashboard key in X-Dash-Key. {@code dedup_key} is the incident's identity (a trigger without one
 * gets a new one, answered as PagerDuty does); answers 202 {"status":"success","dedup_key":...}.
 */
public final class EventsBridge {
    static final String BY = "events";
    private final Function<Map<String, Object>, Map<?, ?>> raise;
    private final Lifecycle lifecycle;
    private final ApiKeyCheck routingKey;

    /** {@code routingKey}: EVENTS_ROUTING_KEY, empty when only X-Dash-Key is accepted. */
    public EventsBridge(Function<Map<String, Object>, Map<?, ?>> raise, Lifecycle lifecycle, String routingKey) {
        this.raise = raise;
        this.lifecycle = lifecycle;
        this.routingKey = routingKey.isEmpty() ? null : new ApiKeyCheck(routingKey);
    }

    public ApiReply receive(ApiRequest request, Exchange exchange) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not JSON; send a PagerDuty Events API v2 event");
        }
        if (event == null || !event.isObject()) {
            throw ApiProblem.badRequest("send a PagerDuty Events API v2 event: {\"routing_key\",\"event_action\",\"dedup_key\",\"payload\"}");
        }
        if (!Boolean.TRUE.equals(exchange.getProperty(ApiDoor.KEY_PRESENTED, Boolean.class)) && !routingKeyMatches(event)) {
            throw new ApiProblem(401, routingKey == null
                    ? "send the dashboard key in X-Dash-Key (EVENTS_ROUTING_KEY is not set, so no routing_key is accepted)"
                    : "wrong or missing routing_key; use the value of EVENTS_ROUTING_KEY, or send the dashboard key in X-Dash-Key");
        }
        String action = event.path("event_action").asText("");
        String dedupKey = event.path("dedup_key").asText("");
        switch (action) {
            case "trigger" -> {
                dedupKey = dedupKey.isBlank() ? UUID.randomUUID().toString() : dedupKey;
                raise.apply(fields(event.path("payload"), dedupKey));
            }
            case "acknowledge", "resolve" -> {
                if (dedupKey.isBlank()) {
                    throw ApiProblem.badRequest("\"dedup_key\" is required to " + action + "; use the one the trigger answered");
                }
                String fp = Fingerprint.ofKey(dedupKey);
                Resolving.quietly(() -> action.equals("resolve") ? lifecycle.resolve(fp, BY) : lifecycle.acknowledge(fp, BY));
            }
            default -> throw ApiProblem.badRequest("\"event_action\" must be trigger, acknowledge or resolve");
        }
        return new ApiReply(202, ApiReply.JSON, Json.bytes(new Accepted("success", "Event processed", dedupKey)), Map.of());
    }

    private record Accepted(String status, String message, String dedupKey) {
    }

    private boolean routingKeyMatches(JsonNode event) {
        String sent = event.path("routing_key").asText(null);
        return routingKey != null && routingKey.matches(sent);
    }

    static Map<String, Object> fields(JsonNode payload, String dedupKey) {
        String summary = payload.path("summary").asText("");
        if (summary.isBlank()) {
            throw ApiProblem.badRequest("\"payload.summary\" is required for a trigger");
        }
        String severity = payload.path("severity").asText("");
        if (!java.util.List.of("critical", "error", "warning", "info").contains(severity)) {
            throw ApiProblem.badRequest("\"payload.severity\" must be critical, error, warning or info");
        }
        String source = payload.path("source").asText("");
        return Map.of("severity", Bridged.severity(severity), "msg", Bridged.msg(summary),
                "source", Bridged.source(source.isBlank() ? BY : source), "dedup_key", dedupKey);
    }
}
