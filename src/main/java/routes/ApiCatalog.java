package routes;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every path of the HTTP API and the route that answers it. */
final class ApiCatalog {
    static final List<ApiEndpoint> ENDPOINTS = List.of(
            ApiEndpoint.get("/api/slo/budget", "direct:api-slo-budget"),
            ApiEndpoint.post("/api/slo/rebaseline", "direct:api-slo-rebaseline"),
            ApiEndpoint.ingest("/api/metrics/requests", "direct:api-metrics-requests"),
            ApiEndpoint.get("/api/costs/status", "direct:api-costs-status"),
            ApiEndpoint.get("/api/costs/allow", "direct:api-costs-allow"),
            ApiEndpoint.post("/api/costs/set-cap", "direct:api-costs-set-cap"),
            ApiEndpoint.ingest("/api/costs/usage", "direct:api-costs-usage"));

    private ApiCatalog() {
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
