package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.ApiCatalog;
import routes.ApiEndpoint;
import support.RunningDaemon;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDoorTest {
    @TempDir
    static Path home;
    RunningDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).set("PORTAL_SIGNING_SECRET", "s".repeat(32)).start();
        // the jobs run once just after start; their status answers 503 until then
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(daemon.logs().resolve("slo_budget.json"))
                && Files.exists(daemon.logs().resolve("autoscale.json")));
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
    }

    /** Every guarded path of the API, with a request that is valid once the key is right. */
    static Stream<Arguments> guardedPaths() {
        return Stream.of(
                Arguments.of("GET", "/api/slo/budget", null),
                Arguments.of("POST", "/api/slo/rebaseline", null),
                Arguments.of("POST", "/api/slo/refresh", null),
                Arguments.of("POST", "/api/metrics/requests",
                        "{\"ts\":\"2025-10-20T17:59:58.120Z\",\"status\":200,\"latency_ms\":742.3}"),
                Arguments.of("GET", "/api/scale/status", null),
                Arguments.of("POST", "/api/scale/apply", null),
                Arguments.of("POST", "/api/scale/metrics", "{\"ts\":\"2025-10-20T17:59:58Z\",\"queue_depth\":3,\"workers\":1}"),
                Arguments.of("GET", "/api/portal/receipts?email=nobody@example.com", null));
    }

    private RunningDaemon.Reply call(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url(path)));
        if (key != null) {
            b.header("X-Dash-Key", key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return daemon.send(b.build());
    }

    /** Every path of the catalog that needs the key, whatever capability added it. */
    static Stream<Arguments> everyGuardedPath() {
        return ApiCatalog.endpoints().stream().filter(ApiEndpoint::keyRequired)
                .map(e -> Arguments.of(e.method(), e.path(), e.method().equals("POST") ? "{}" : null));
    }

    @Test
    void the_catalog_has_one_public_path_the_signed_download() {
        assertThat(ApiCatalog.endpoints().stream().filter(e -> !e.keyRequired()).map(ApiEndpoint::path))
                .containsExactly("/api/portal/download");
    }

    @ParameterizedTest(name = "{0} {1} without a key is 401 with a JSON error")
    @MethodSource("everyGuardedPath")
    void a_request_without_the_key_is_refused(String method, String path, String body) throws Exception {
        RunningDaemon.Reply r = call(method, path, body, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.json().get("error").asText()).contains("missing X-Dash-Key");
    }

    @ParameterizedTest(name = "{0} {1} with a wrong key is 401")
    @MethodSource("everyGuardedPath")
    void a_request_with_a_wrong_key_is_refused(String method, String path, String body) throws Exception {
        RunningDaemon.Reply r = call(method, path, body, RunningDaemon.KEY + "x");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).contains("wrong X-Dash-Key");
    }

    @ParameterizedTest(name = "{0} {1} with the key is 200 and ok")
    @MethodSource("guardedPaths")
    void a_request_with_the_key_is_answered(String method, String path, String body) throws Exception {
        RunningDaemon.Reply r = call(method, path, body, RunningDaemon.KEY);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("ok").asBoolean()).isTrue();
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Dash-Key")).as("credentials are never echoed").isNull();
    }

    @Test
    void an_unknown_api_path_is_404_in_json() throws Exception {
        RunningDaemon.Reply r = daemon.get("/api/nothing/here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).contains("/api/nothing/here");
    }

    @Test
    void a_wrong_method_is_405_and_names_the_right_one() throws Exception {
        RunningDaemon.Reply r = daemon.postJson("/api/slo/budget", "{}");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json().get("error").asText()).contains("use GET");
    }

    @Test
    void a_body_over_64_KiB_is_413() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(65 * 1024) + "\"}";
        RunningDaemon.Reply r = daemon.postJson("/api/slo/rebaseline", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).contains("at most 65536 bytes");
    }

    @Test
    void an_ingest_batch_over_8_MiB_is_413_and_nothing_is_appended() throws Exception {
        String line = "{\"ts\":\"2025-10-20T17:59:58.120Z\",\"status\":200,\"latency_ms\":742.3}\n";
        String big = line.repeat(8 * 1024 * 1024 / line.length() + 10);
        Path input = daemon.logs().resolve("requests.ndjson");
        long before = java.nio.file.Files.exists(input) ? java.nio.file.Files.size(input) : 0;
        RunningDaemon.Reply r = daemon.post("/api/metrics/requests", "application/x-ndjson", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(java.nio.file.Files.exists(input) ? java.nio.file.Files.size(input) : 0).isEqualTo(before);
    }

    @Test
    void a_body_with_the_wrong_content_type_is_415() throws Exception {
        RunningDaemon.Reply r = daemon.post("/api/metrics/requests", "text/plain", "hello");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json().get("error").asText()).contains("application/x-ndjson");
    }

    @Test
    void a_malformed_json_array_is_400_with_the_parser_message() throws Exception {
        RunningDaemon.Reply r = daemon.postJson("/api/metrics/requests", "[{\"ts\":");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("not valid JSON");
    }

    @Test
    void paths_outside_the_api_never_answer_with_a_stack_trace() throws Exception {
        RunningDaemon.Reply r = daemon.get("/api/slo/budget/../../etc/passwd");
        assertThat(r.status()).isIn(400, 404);
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("at org.");
    }
}
