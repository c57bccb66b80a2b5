package incidents.lifecycle;

import java.util.List;
import java.util.Map;

import base.ApiProblem;
import base.ApiReply;
import base.ApiRequest;
import base.Excerpt;

/**
 * The HTTP side of the lifecycle: GET /api/incidents, POST /api/incidents/ack and /resolve,
 * the silences (POST, GET, DELETE /api/incidents/silences/{id}).
 */
public final class LifecycleApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final String SILENCES = "/api/incidents/silences/";
    private final Lifecycle lifecycle;

    public LifecycleApi(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** ?status=open|acknowledged|resolved|all (default: all) &limit=N (default 100): newest first. */
    public ApiReply list(ApiRequest request) {
        String status = request.param("status") == null ? "all" : request.param("status");
        IncidentStatus wanted;
        try {
            wanted = status.equals("all") ? null : IncidentStatus.of(status);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("unknown status " + Excerpt.of(status) + "; use open, acknowledged, resolved or all");
        }
        int limit = limit(request.param("limit"));
        return ApiReply.okWith(new Listed(lifecycle.states().list(wanted, limit)));
    }

    private record Listed(List<IncidentState> incidents) {
    }

    public ApiReply acknowledge(ApiRequest request) {
        Map<String, Object> fields = object(request);
        return answer(lifecycle.acknowledge(text(fields, "fingerprint"), by(fields)), IncidentStatus.ACKNOWLEDGED);
    }

    public ApiReply resolve(ApiRequest request) {
        Map<String, Object> fields = object(request);
        return answer(lifecycle.resolve(text(fields, "fingerprint"), by(fields)), IncidentStatus.RESOLVED);
    }

    /** 200 with the incident when this call moved it; 409 with the incident as it stands when it could not. */
    static ApiReply answer(Lifecycle.Transition t, IncidentStatus to) {
        if (t.moved()) {
            return ApiReply.okWith(new One(t.incident()));
        }
        return ApiReply.errorWith(409, "incident " + t.incident().fingerprint() + " is " + t.incident().status()
                + "; it cannot become " + to.label(), new One(t.incident()));
    }

    private record One(IncidentState incident) {
    }

    public ApiReply createSilence(ApiRequest request) {
        return ApiReply.okWith(new OneSilence(lifecycle.silence(object(request))));
    }

    public ApiReply silences() {
        return ApiReply.okWith(new SilenceList(lifecycle.activeSilences()));
    }

    /** DELETE /api/incidents/silences/{id}: the id is the last segment of the path. */
    public ApiReply expireSilence(ApiRequest request) {
        String id = request.path().startsWith(SILENCES) ? request.path().substring(SILENCES.length()) : "";
        return ApiReply.okWith(new OneSilence(lifecycle.expireSilence(id)));
    }

    private record OneSilence(Silence silence) {
    }

    private record SilenceList(List<Silence> silences) {
    }

    private static String by(Map<String, Object> fields) {
        String by = text(fields, "by");
        if (by == null || by.isBlank()) {
            return "api";
        }
        if (by.length() > 200) {
            throw ApiProblem.badRequest("\"by\" is longer than 200 characters; name the person briefly");
        }
        return by;
    }

    private static String text(Map<String, Object> fields, String name) {
        Object v = fields.get(name);
        if (v != null && !(v instanceof String)) {
            throw ApiProblem.badRequest("\"" + name + "\" must be a string");
        }
        return (String) v;
    }

    private static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", not " + Excerpt.of(raw));
    }

    /** The body as a JSON object; anything else is a 400. */
    static Map<String, Object> object(ApiRequest request) {
        return request.jsonObject("");
    }
}
