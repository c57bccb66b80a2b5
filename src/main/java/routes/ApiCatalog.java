package routes;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every path of the HTTP API and the route that answers it. */
public final class ApiCatalog {
    static final List<ApiEndpoint> ENDPOINTS = List.of(
            ApiEndpoint.get("/api/slo/budget"),
            ApiEndpoint.post("/api/slo/rebaseline"),
            ApiEndpoint.post("/api/slo/refresh"),
            ApiEndpoint.ingest("/api/metrics/requests"),
            ApiEndpoint.get("/api/scale/status"),
            ApiEndpoint.post("/api/scale/apply"),
            ApiEndpoint.post("/api/scale/metrics"),
            ApiEndpoint.get("/api/portal/receipts"),
            // no key: the signed link is the credential
            ApiEndpoint.get("/api/portal/download").open(),
            ApiEndpoint.post("/api/incidents/raise"),
            ApiEndpoint.post("/api/incidents/summary"),
            ApiEndpoint.get("/api/slo/history"),
            ApiEndpoint.get("/api/costs/status"),
            ApiEndpoint.get("/api/costs/allow"),
            ApiEndpoint.post("/api/costs/set-cap"),
            ApiEndpoint.ingest("/api/costs/usage"));

    private ApiCatalog() {
    }

    /** Every endpoint, for tests that must cover each one. */
    public static List<ApiEndpoint> endpoints() {
        return ENDPOINTS;
    }

    static Optional<ApiEndpoint> find(String method, String path) {
        return ENDPOINTS.stream().filter(e -> e.path().equals(path) && e.method().equals(method)).findFirst();
    }

    static List<ApiEndpoint> atPath(String path) {
        return ENDPOINTS.stream().filter(e -> e.path().equals(path)).collect(Collectors.toList());
    }

    static boolean isPublic(String path) {
        return ENDPOINTS.stream().anyMatch(e -> e.path().equals(path) && !e.keyRequired());
    }
}
