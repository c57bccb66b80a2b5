package routes;

import java.util.Set;

/**
 * One API path: its method, the direct: route that answers it, whether it needs X-Dash-Key,
 * the largest body it takes and the content types it accepts for a body.
 */
public record ApiEndpoint(String method, String path, String target, boolean keyRequired,
                          int maxBodyBytes, Set<String> bodyTypes) {
    static final int SMALL_BODY = 64 * 1024;
    static final int INGEST_BODY = 8 * 1024 * 1024;
    static final Set<String> JSON = Set.of("application/json");
    static final Set<String> EVENTS = Set.of("application/json", "application/x-ndjson", "application/ndjson");

    static ApiEndpoint get(String path, String target) {
        return new ApiEndpoint("GET", path, target, true, 0, Set.of());
    }

    static ApiEndpoint post(String path, String target) {
        return new ApiEndpoint("POST", path, target, true, SMALL_BODY, JSON);
    }

    static ApiEndpoint ingest(String path, String target) {
        return new ApiEndpoint("POST", path, target, true, INGEST_BODY, EVENTS);
    }

    ApiEndpoint open() {
        return new ApiEndpoint(method, path, target, false, maxBodyBytes, bodyTypes);
    }
}
