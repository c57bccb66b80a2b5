package routes;

import java.util.Set;

/**
 * One API path: its method, the direct: route that answers it, whether it needs X-Dash-Key,
 * the largest body it takes and the content types it accepts for a body. The route is named after
 * the path: /api/slo/budget is answered by direct:api-slo-budget (a YAML route's "from").
 */
public record ApiEndpoint(String method, String path, String target, boolean keyRequired,
                          int maxBodyBytes, Set<String> bodyTypes) {
    static final int SMALL_BODY = 64 * 1024;
    static final int INGEST_BODY = 8 * 1024 * 1024;
    static final Set<String> JSON = Set.of("application/json");
    static final Set<String> EVENTS = Set.of("application/json", "application/x-ndjson", "application/ndjson");

    static ApiEndpoint get(String path) {
        return new ApiEndpoint("GET", path, routeOf(path), true, 0, Set.of());
    }

    static ApiEndpoint post(String path) {
        return new ApiEndpoint("POST", path, routeOf(path), true, SMALL_BODY, JSON);
    }

    static ApiEndpoint ingest(String path) {
        return new ApiEndpoint("POST", path, routeOf(path), true, INGEST_BODY, EVENTS);
    }

    private static String routeOf(String path) {
        return "direct:" + path.substring(1).replace('/', '-');
    }

    ApiEndpoint open() {
        return new ApiEndpoint(method, path, target, false, maxBodyBytes, bodyTypes);
    }
}
