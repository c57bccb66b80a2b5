package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import routes.ApiEndpoint;
import routes.ApiTable;
import support.RunningDaemon;

/**
 * The API answers what its OpenAPI document (GET /api/openapi.json) says: for real calls, success
 * and failure, the status is one the document declares for that operation and a JSON body has
 * the declared schema's required fields with the declared types. Writes the document to
 * target/openapi.json, which CI lints (.ci/run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {
    @TempDir
    static Path home;
    RunningDaemon daemon;
    JsonNode document;

    /** A real call: method, path (with its query), Content-Type and body, with or without the key. */
    record Call(String method, String path, String contentType, byte[] body, boolean key, String template) {
        Call(String method, String path, String contentType, byte[] body, boolean key) {
            this(method, path, contentType, body, key, null);
        }

        static Call get(String path) {
            return new Call("GET", path, null, null, true);
        }

        static Call post(String path, String contentType, String body) {
            return new Call("POST", path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), true);
        }

        /** A DELETE of the operation {@code template} (a path with a {param}) at {@code path}. */
        static Call delete(String template, String path) {
            return new Call("DELETE", path, null, null, true, template);
        }

        Call withoutKey() {
            return new Call(method, path, contentType, body, false, template);
        }

        String operationPath() {
            if (template != null) {
                return template;
            }
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }
    }

    static final String EVENT = "{\"ts\":\"2025-10-20T17:59:58.120Z\",\"status\":200,\"latency_ms\":742.3}";
    static final String JSON = "application/json";

    /** Every operation at least once, with its usual failures beside. */
    static final List<Call> CALLS = List.of(
            Call.get("/api/openapi.json"),
            Call.get("/api/slo/budget"),
            Call.get("/api/slo/budget").withoutKey(),
            Call.get("/api/slo/history?limit=5"),
            Call.get("/api/slo/history?limit=nope"),
            Call.get("/api/slo/gate"),
            Call.get("/api/cluster/status"),
            Call.post("/api/slo/rebaseline", null, null),
            Call.post("/api/slo/refresh", null, null),
            Call.post("/api/metrics/requests", "application/x-ndjson", EVENT + "\n" + EVENT),
            Call.post("/api/metrics/requests", "text/plain", EVENT),
            new Call("POST", "/api/metrics/requests", JSON, new byte[] {'[', '"', (byte) 0xC3, '"', ']'}, true),
            Call.get("/api/scale/status"),
            Call.post("/api/scale/apply", null, null),
            Call.post("/api/scale/metrics", JSON, "{\"ts\":\"2025-10-20T17:59:58Z\",\"queue_depth\":3,\"workers\":1}"),
            Call.post("/api/scale/metrics", JSON, "{\"queue_depth\":"),
            Call.get("/api/portal/receipts?email=nobody@example.com"),
            Call.get("/api/portal/download?email=a@example.com&id=r1&expires=1&token=forged").withoutKey(),
            Call.post("/api/incidents/raise", JSON, "{\"severity\":\"WARNING\",\"msg\":\"contract test\",\"source\":\"test\"}"),
            Call.post("/api/incidents/raise", JSON, "{\"msg\":\"" + "x".repeat(70 * 1024) + "\"}"),
            Call.post("/api/incidents/raise", JSON, "{\"severity\":\"LOUD\"}"),
            Call.post("/api/incidents/summary", null, null),
            Call.get("/api/incidents?status=open&limit=5"),
            Call.get("/api/incidents?status=sleeping"),
            Call.post("/api/incidents/ack", JSON, "{\"fingerprint\":\"000000000000\",\"by\":\"ana\"}"),
            Call.post("/api/incidents/resolve", JSON, "{\"by\":\"ana\"}"),
            Call.post("/api/incidents/silences", JSON, "{\"matchers\":{\"source\":\"test\"},\"duration_min\":5,\"created_by\":\"ana\"}"),
            Call.post("/api/incidents/silences", JSON, "{\"matchers\":{\"msg_regex\":\"(a)\\\\1\"},\"duration_min\":5,\"created_by\":\"ana\"}"),
            Call.get("/api/incidents/silences"),
            Call.post("/api/incidents/alertmanager", JSON, "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":"
                    + "\"firing\",\"labels\":{\"alertname\":\"Contract\",\"severity\":\"warning\"},\"annotations\":{\"summary\":\"contract\"}}]}"),
            Call.post("/api/incidents/alertmanager", JSON, "{\"version\":\"3\"}"),
            Call.post("/api/incidents/events", JSON, "{\"event_action\":\"trigger\",\"dedup_key\":\"contract\",\"payload\":"
                    + "{\"summary\":\"contract\",\"source\":\"test\",\"severity\":\"info\"}}"),
            Call.post("/api/incidents/events", JSON, "{\"event_action\":\"trigger\"}").withoutKey(),
            Call.delete("/api/incidents/silences/{id}", "/api/incidents/silences/no-such-silence"),
            Call.get("/api/costs/status"),
            Call.get("/api/costs/allow?model=gpt-4o"),
            Call.post("/api/costs/set-cap", JSON, "{\"cap_usd\":30}"),
            Call.post("/api/costs/set-cap", JSON, "{\"cap_usd\":\"lots\"}"),
            Call.post("/api/costs/usage", JSON, "[]"));

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).set("PORTAL_SIGNING_SECRET", "s".repeat(32)).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(daemon.logs().resolve("slo_budget.json"))
                && Files.exists(daemon.logs().resolve("autoscale.json")) && Files.exists(daemon.logs().resolve("costs.json")));
        RunningDaemon.Reply r = daemon.send(HttpRequest.newBuilder(URI.create(daemon.url("/api/openapi.json")))
                .header("X-Dash-Key", RunningDaemon.KEY).build());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        document = Json.MAPPER.readTree(r.body());
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.write(target.resolve("openapi.json"), r.body());
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
    }

    @Test
    void the_document_is_openapi_3_with_the_key_scheme_and_the_error_envelope() {
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.at("/info/title").asText()).isEqualTo("EchoPilot Reliability API");
        assertThat(document.at("/components/securitySchemes/DashKey/in").asText()).isEqualTo("header");
        assertThat(document.at("/components/securitySchemes/DashKey/name").asText()).isEqualTo("X-Dash-Key");
        assertThat(document.at("/security/0/DashKey").isArray()).isTrue();
        assertThat(document.at("/components/schemas/Failure/required").toString()).contains("\"ok\"", "\"error\"");
        assertThat(document.at("/paths/~1api~1portal~1download/get/security/0/SignedLink").isArray())
                .as("the signed download declares its own credential instead of the key").isTrue();
    }

    @Test
    void the_document_has_exactly_the_operations_of_the_rest_blocks() {
        Set<String> declared = new TreeSet<>();
        for (ApiEndpoint e : new ApiTable(daemon.context()).endpoints()) {
            declared.add(e.method() + " " + e.path());
        }
        assertThat(operations()).isEqualTo(declared);
    }

    @Test
    void the_calls_below_cover_every_operation_of_the_document() {
        Set<String> called = new TreeSet<>();
        CALLS.forEach(c -> called.add(c.method() + " " + c.operationPath()));
        assertThat(called).isEqualTo(operations());
    }

    @Test
    void every_answer_has_a_status_and_a_body_the_document_declares_for_its_operation() throws Exception {
        List<String> mismatches = new ArrayList<>();
        Set<Integer> statuses = new TreeSet<>();
        for (Call call : CALLS) {
            RunningDaemon.Reply r = send(call);
            statuses.add(r.status());
            String what = call.method() + " " + Excerpt.of(call.path()) + (call.key() ? "" : " (no key)") + " -> " + r.status();
            JsonNode response = document.at("/paths/" + pointer(call.operationPath()) + "/" + call.method().toLowerCase(Locale.ROOT)
                    + "/responses/" + r.status());
            if (response.isMissingNode()) {
                mismatches.add(what + ": status not declared for the operation; body " + Excerpt.of(r.text()));
                continue;
            }
            JsonNode schema = response.at("/content/" + pointer(JSON) + "/schema");
            if (!schema.isMissingNode()) {
                conformance(Json.MAPPER.readTree(r.body()), resolve(schema), "$", mismatches, what);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(statuses).as("the calls meet success and the door's refusals").contains(200, 400, 401, 403, 413, 415);
    }

    @Test
    void an_unknown_path_answers_the_failure_envelope_of_the_document() throws Exception {
        RunningDaemon.Reply r = send(Call.get("/api/no/such/thing"));
        assertThat(r.status()).isEqualTo(404);
        List<String> mismatches = new ArrayList<>();
        conformance(Json.MAPPER.readTree(r.body()), document.at("/components/schemas/Failure"), "$", mismatches, "GET /api/no/such/thing");
        assertThat(mismatches).isEmpty();
    }

    private Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
        }
        return ops;
    }

    private RunningDaemon.Reply send(Call call) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url(call.path())));
        if (call.key()) {
            b.header("X-Dash-Key", RunningDaemon.KEY);
        }
        if (call.contentType() != null) {
            b.header("Content-Type", call.contentType());
        }
        b.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        return daemon.send(b.build());
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : document.at(ref.asText().substring(1));
    }

    /** A structural check of the schema subset the document uses: type, enum, required, properties. */
    private void conformance(JsonNode value, JsonNode schema, String at, List<String> mismatches, String what) {
        schema = resolve(schema);
        String type = schema.path("type").asText("");
        boolean typed = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            default -> true;
        };
        if (!typed) {
            mismatches.add(what + ": " + at + " is " + value.getNodeType() + ", the document says " + type);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                mismatches.add(what + ": " + at + " is " + value + ", the document allows " + schema.get("enum"));
            }
        }
        for (JsonNode field : schema.path("required")) {
            if (!value.has(field.asText())) {
                mismatches.add(what + ": " + at + " lacks the required field " + field.asText() + "; body " + Excerpt.of(value.toString()));
            }
        }
        schema.path("properties").fields().forEachRemaining(p -> {
            if (value.has(p.getKey())) {
                conformance(value.get(p.getKey()), p.getValue(), at + "." + p.getKey(), mismatches, what);
            }
        });
    }

    /** A JSON pointer token: "/" and "~" escaped. */
    private static String pointer(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Short enough for an assertion message. */
    private static final class Excerpt {
        static String of(String s) {
            return s.length() <= 160 ? s : s.substring(0, 160) + "...";
        }
    }
}
