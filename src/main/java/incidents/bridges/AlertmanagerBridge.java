package incidents.bridges;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import incidents.Fingerprint;
import incidents.lifecycle.Lifecycle;

/**
 * POST /api/incidents/alertmanager: Alertmanager's webhook payload (version 4). Each firing alert is
 * raised (severity from the "severity" label, source from "alertname", msg from the "summary" or
 * "description" annotation); each resolved one resolves its incident. An alert's identity is
 * Alertmanager's own fingerprint (its labels), so a firing and a later resolved notification of
 * one alert meet on one incident even when the summary text changed.
 */
public final class AlertmanagerBridge {
    static final String BY = "alertmanager";
    private final Function<Map<String, Object>, Map<?, ?>> raise;
    private final Lifecycle lifecycle;

    /** {@code raise}: a raise through direct:incident-raise, answering its outcome. */
    public AlertmanagerBridge(Function<Map<String, Object>, Map<?, ?>> raise, Lifecycle lifecycle) {
        this.raise = raise;
        this.lifecycle = lifecycle;
    }

    public ApiReply receive(ApiRequest request) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not JSON; point an Alertmanager webhook_configs url here");
        }
        if (body == null || !"4".equals(body.path("version").asText())) {
            throw ApiProblem.badRequest("not an Alertmanager webhook of version 4 (\"version\":\"4\"); point an Alertmanager"
                    + " webhook_configs url here, or raise with POST /api/incidents/raise");
        }
        if (!body.path("alerts").isArray()) {
            throw ApiProblem.badRequest("\"alerts\" must be an array of alerts");
        }
        List<String> raised = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        for (JsonNode alert : body.path("alerts")) {
            String key = "alertmanager:" + identity(alert);
            if ("resolved".equals(alert.path("status").asText())) {
                String fp = Fingerprint.ofKey(key);
                if (Resolving.quietly(() -> lifecycle.resolve(fp, BY))) {
                    resolved.add(fp);
                }
            } else {
                raised.add(String.valueOf(raise.apply(fields(alert, key)).get("fingerprint")));
            }
        }
        return ApiReply.okWith(new Received(raised, resolved));
    }

    /** The fingerprints raised, and those resolved by this call. */
    private record Received(List<String> raised, List<String> resolved) {
    }

    static Map<String, Object> fields(JsonNode alert, String key) {
        JsonNode labels = alert.path("labels");
        JsonNode notes = alert.path("annotations");
        String name = labels.path("alertname").asText("");
        String msg = !notes.path("summary").asText("").isBlank() ? notes.path("summary").asText()
                : !notes.path("description").asText("").isBlank() ? notes.path("description").asText()
                : name.isBlank() ? "alert without summary" : name;
        return Map.of("severity", Bridged.severity(labels.path("severity").asText(null)), "msg", Bridged.msg(msg),
                "source", Bridged.source(name.isBlank() ? BY : name), "dedup_key", key);
    }

    /** Alertmanager's fingerprint of the alert, or (before 0.19) its sorted labels. */
    private static String identity(JsonNode alert) {
        String fp = alert.path("fingerprint").asText("");
        if (!fp.isBlank()) {
            return fp;
        }
        Map<String, String> labels = new TreeMap<>();
        alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels.toString();
    }
}
