package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import base.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import routes.ApiEndpoint;
import routes.ApiTable;
import support.RawHttp;
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

    /** Every operation of the rest: blocks that needs the key, whatever capability added it. */
    Stream<Arguments> everyGuardedPath() {
        return new ApiTable(daemon.context()).endpoints().stream().filter(ApiEndpoint::keyRequired)
                .map(e -> Arguments.of(e.method(), e.path().replaceAll("\\{[^/]+}", "x"), e.method().equals("POST") ? "{}" : null));
    }

    @Test
    void the_rest_blocks_have_two_public_paths_the_signed_download_and_the_events_with_their_routing_key() {
        assertThat(new ApiTable(daemon.context()).endpoints().stream().filter(e -> !e.keyRequired()).map(ApiEndpoint::path))
                .containsExactlyInAnyOrder("/api/portal/download", "/api/incidents/events");
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

    private RunningDaemon.Reply postBytes(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url(path))).header("X-Dash-Key", RunningDaemon.KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return daemon.send(b.build());
    }

    @Test
    void a_key_in_the_query_string_is_not_a_key() throws Exception {
        RunningDaemon.Reply read = call("GET", "/api/costs/status?X-Dash-Key=" + RunningDaemon.KEY, null, null);
        assertThat(read.status()).isEqualTo(401);
        assertThat(read.json().get("error").asText()).contains("missing X-Dash-Key header");
        RunningDaemon.Reply write = call("POST", "/api/costs/set-cap?X-Dash-Key=" + RunningDaemon.KEY + "&x-dash-key=" + RunningDaemon.KEY,
                "{\"cap_usd\":1}", null);
        assertThat(write.status()).isEqualTo(401);
    }

    @Test
    void a_content_type_in_the_query_string_does_not_pass_the_415_check() throws Exception {
        String event = "{\"ts\":\"2025-10-20T17:59:58Z\",\"status\":200,\"latency_ms\":1}";
        RunningDaemon.Reply wrongHeader = postBytes("/api/metrics/requests?Content-Type=application/json", "text/plain",
                event.getBytes(StandardCharsets.UTF_8));
        assertThat(wrongHeader.status()).isEqualTo(415);
        assertThat(wrongHeader.json().get("error").asText()).contains("Content-Type text/plain");
        RunningDaemon.Reply noHeader = postBytes("/api/metrics/requests?Content-Type=application/json", null,
                event.getBytes(StandardCharsets.UTF_8));
        assertThat(noHeader.status()).isEqualTo(415);
        assertThat(noHeader.json().get("error").asText()).contains("Content-Type (none)");
    }

    /** A raise body whose source holds the bytes; the prefix is 44 bytes long. */
    private static byte[] raiseWithSource(byte... source) {
        byte[] head = "{\"severity\":\"INFO\",\"msg\":\"utf8\",\"source\":\"ab".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + source.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(source, 0, body, head.length, source.length);
        System.arraycopy(tail, 0, body, head.length + source.length, tail.length);
        return body;
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("an overlong '/' (C0 AF)", new byte[] {(byte) 0xC0, (byte) 0xAF}, "C0"),
                Arguments.of("a lone surrogate (ED A0 80)", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "ED A0 80"),
                Arguments.of("a sequence cut short (E2 82 then a quote)", new byte[] {(byte) 0xE2, (byte) 0x82}, "E2 82"));
    }

    @ParameterizedTest(name = "{0} is refused with 400 and its byte offset")
    @MethodSource("invalidUtf8")
    void a_body_that_is_not_utf8_is_refused_saying_where(String name, byte[] bad, String hex) throws Exception {
        Path raises = daemon.logs().resolve("incidents.ndjson");
        long before = Files.exists(raises) ? Files.size(raises) : 0;
        byte[] body = raiseWithSource(bad);
        RunningDaemon.Reply r = postBytes("/api/incidents/raise", "application/json", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("not valid UTF-8 at byte offset 44").contains(hex);
        assertThat(Files.exists(raises) ? Files.size(raises) : 0).as("nothing recorded").isEqualTo(before);
    }

    @Test
    void a_body_cut_inside_a_character_is_refused_at_its_last_bytes() throws Exception {
        byte[] body = "{\"ts\":\"2025-10-20T17:59:58Z\",\"latency_ms\":1}\n\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 1); // the last character loses its second byte
        RunningDaemon.Reply r = postBytes("/api/metrics/requests", "application/x-ndjson", cut);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("at byte offset " + (cut.length - 1));
    }

    @Test
    void valid_multibyte_utf8_passes_the_door_unchanged() throws Exception {
        Path raises = daemon.logs().resolve("incidents.ndjson");
        long before = Files.exists(raises) ? Files.size(raises) : 0;
        RunningDaemon.Reply r = postBytes("/api/incidents/raise", "application/json",
                raiseWithSource("\u20ac \ud83d\ude00 \u00e9".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("source").asText()).isEqualTo("ab\u20ac \ud83d\ude00 \u00e9");
        assertThat(Files.size(raises)).as("the raise is recorded where the refused ones are not").isGreaterThan(before);
    }

    @ParameterizedTest(name = "GET {0} is a JSON 404")
    @ValueSource(strings = {"/API/SLO/BUDGET", "/Api/slo/budget", "/", "/index.html", "/DASHBOARD"})
    void a_path_outside_the_api_and_the_dashboard_is_a_json_404_in_any_case(String path) throws Exception {
        RunningDaemon.Reply r = daemon.get(path);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.json().get("error").asText()).contains("no such path " + path).contains("/dashboard");
    }

    @Test
    void a_missing_dashboard_file_is_a_json_404() throws Exception {
        RunningDaemon.Reply r = daemon.get("/dashboard/nothing.js");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).contains("open /dashboard");
    }

    @Test
    void a_query_string_with_a_bad_escape_is_a_json_400() throws Exception {
        // java.net.URI refuses to build such a URI: the bytes go out as they are
        RawHttp.Answer r = RawHttp.send(daemon.port(), "GET /api/slo/budget?%%% HTTP/1.1\r\nHost: x\r\nX-Dash-Key: "
                + RunningDaemon.KEY + "\r\n\r\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).contains("not valid %-encoding").contains("%25");
    }

    @Test
    void a_bad_escape_in_the_query_of_an_unknown_path_is_a_json_400_before_the_key_or_the_path() throws Exception {
        // no rest route takes the path; the door's fallback decodes the query first, as a route would
        RawHttp.Answer r = RawHttp.send(daemon.port(), "GET /api/nothing?limit=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).contains("not valid %-encoding").contains("%25");
    }

    @Test
    void a_head_request_is_405_naming_get_and_says_the_length_of_the_answer_it_would_have_sent() throws Exception {
        RunningDaemon.Reply r = call("HEAD", "/api/slo/budget", null, RunningDaemon.KEY);
        assertThat(r.status()).isEqualTo(405);
        String error = "{\"ok\":false,\"error\":\"HEAD is not allowed on /api/slo/budget; use GET\"}";
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(error.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void eight_lines_with_a_megabyte_timestamp_get_a_short_answer() throws Exception {
        String line = "{\"ts\":\"" + "9".repeat(1_000_000) + "\",\"latency_ms\":1}\n";
        RunningDaemon.Reply r = daemon.post("/api/metrics/requests", "application/x-ndjson", line.repeat(8));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("rejected").asInt()).isEqualTo(8);
        assertThat(r.body().length).as("the reply").isLessThan(4_000);
        assertThat(r.json().get("errors").get(0).get("error").asText())
                .startsWith("\"ts\" is not a timestamp: 999").endsWith("... (1000000 characters)");
    }

    static Stream<Arguments> echoedInputs() {
        String huge = "x".repeat(50_000);
        return Stream.of(
                Arguments.of("a severity", "/api/incidents/raise", "{\"severity\":\"" + huge + "\",\"msg\":\"m\"}"),
                Arguments.of("a cap field name", "/api/costs/set-cap", "{\"" + huge + "\":1}"),
                Arguments.of("a JSON token", "/api/costs/set-cap", "{\"cap_usd\":" + huge + "}"),
                Arguments.of("an array item", "/api/metrics/requests", "[" + huge + "]"));
    }

    @ParameterizedTest(name = "{0} of 50,000 characters is quoted in at most 200")
    @MethodSource("echoedInputs")
    void an_error_reply_quotes_at_most_200_characters_of_the_input(String what, String path, String body) throws Exception {
        RunningDaemon.Reply r = daemon.postJson(path, body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        String error = r.json().get("error").asText();
        assertThat(error).contains("x".repeat(10)).doesNotContain("x".repeat(201));
        assertThat(r.body().length).isLessThan(1_000);
    }

    @Test
    void a_long_query_value_is_quoted_in_at_most_200_characters() throws Exception {
        RunningDaemon.Reply r = daemon.get("/api/slo/history?limit=" + "7".repeat(3000));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("7".repeat(200)).doesNotContain("7".repeat(201));
    }
}
