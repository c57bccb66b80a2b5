package incidents;

import java.io.IOException;
import java.util.Map;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.Json;

/** The HTTP side: POST /api/incidents/raise (body to Map, outcome to JSON) and /summary. */
public final class IncidentsApi {
    private final IncidentDesk desk;

    public IncidentsApi(IncidentDesk desk) {
        this.desk = desk;
    }

    /** The body as the Map direct:incident-raise takes; anything but a JSON object is a 400. */
    public Map<String, Object> fields(ApiRequest request) {
        if (request.body().length == 0) {
            throw ApiProblem.badRequest("empty body; send {\"severity\":\"CRITICAL\",\"msg\":\"Database connection lost\",\"source\":\"healthcheck\"}");
        }
        Object parsed;
        try {
            parsed = Json.MAPPER.readValue(request.body(), Object.class);
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON; send an object like {\"severity\":\"ERROR\",\"msg\":\"...\"}");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw ApiProblem.badRequest("the body must be a JSON object like {\"severity\":\"ERROR\",\"msg\":\"...\"}");
        }
        @SuppressWarnings("unchecked") // a JSON object's keys are strings
        Map<String, Object> fields = (Map<String, Object>) map;
        return fields;
    }

    public ApiReply raised(Map<String, Object> outcome) {
        return ApiReply.ok(outcome);
    }

    public ApiReply summary() {
        return ApiReply.okWith(new Summary(desk.summary()));
    }

    private record Summary(IncidentSummary summary) {
    }
}
