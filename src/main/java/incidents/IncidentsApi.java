package incidents;

import java.util.Map;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;

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
        return request.jsonObject(" like {\"severity\":\"ERROR\",\"msg\":\"...\"}");
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
