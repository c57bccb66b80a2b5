package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import support.EditableRoutes;
import support.RunningDaemon;
import support.WebhookServer;

/**
 * docs/editing-flows.md, worked example 4: an operator adds a Slack-style webhook channel by adding one YAML file
 * (docs/examples/slack.camel.yaml) to ROUTES_DIR, and pages reach it with the same retry and outbox
 * guarantees as the built-in channels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookChannelTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path home;
    WebhookServer slack;
    RunningDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        Path routes = EditableRoutes.copyInto(home);
        String example = Files.readString(Path.of("docs/examples/slack.camel.yaml"));
        slack = new WebhookServer();
        // the operator's one edit: the example, with the webhook URL written in (the env placeholder needs a real env)
        Files.writeString(routes.resolve("slack.camel.yaml"),
                example.replace("{{env:SLACK_WEBHOOK_URL}}", slack.url("/services/T000/B000/XXXX")));
        daemon = new RunningDaemon(home).set("ROUTES_DIR", routes.toString())
                .set("NOTIFY_MAX_ATTEMPTS", "3").set("NOTIFY_BACKOFF_MS", "50").start();
        // the incident run just after start retries the outbox: once it is over, only the tests' own runs do
        await().atMost(WAIT).until(() -> Files.exists(daemon.logs().resolve("incident_summary.json")));
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
        slack.close();
    }

    private JsonNode raise(String msg) throws Exception {
        RunningDaemon.Reply r = daemon.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"" + msg + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private List<String> textsContaining(String part) {
        return slack.received.stream().map(WebhookServer.Received::body).filter(b -> b.contains(part)).toList();
    }

    private JsonNode summary() throws Exception {
        return daemon.postJson("/api/incidents/summary", "").json().get("summary");
    }

    @Test
    void a_critical_page_reaches_the_added_channel_as_slack_json() throws Exception {
        JsonNode r = raise("Checkout is down");
        assertThat(r.get("channels").toString()).isEqualTo("[\"slack\"]");
        await().atMost(WAIT).until(() -> textsContaining("Checkout is down").size() == 1);
        WebhookServer.Received got = slack.received.stream().filter(q -> q.body().contains("Checkout is down")).findFirst().orElseThrow();
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/services/T000/B000/XXXX");
        assertThat(got.contentType()).startsWith("application/json");
        assertThat(got.headerNames()).doesNotContain("x-dash-key");
        assertThat(JSON.readTree(got.body()).get("text").asText()).startsWith("[CRITICAL] api: Checkout is down\n\nCRITICAL INCIDENT");
        assertThat(summary().get("channels").get("slack").asText()).isEqualTo("on");
    }

    @Test
    void a_5xx_is_retried_with_backoff_and_each_attempt_is_logged() throws Exception {
        slack.answer(500, 503);
        String fp = raise("Retried on the webhook").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> daemon.readLog("incidents.ndjson").lines()
                .anyMatch(l -> l.contains(fp) && l.contains("\"event\":\"attempt\"") && l.contains("\"ok\":true")));
        List<String> attempts = daemon.readLog("incidents.ndjson").lines()
                .filter(l -> l.contains(fp) && l.contains("\"event\":\"attempt\"")).toList();
        assertThat(attempts).as(slack.received.stream().map(q -> q.status() + "@" + q.atMillis() + " " + q.body()).toList().toString()).hasSize(3);
        assertThat(attempts.get(0)).contains("HTTP 500").contains("\"result\":\"failed\"");
        assertThat(attempts.get(2)).contains("\"attempt\":3");
        assertThat(textsContaining("Retried on the webhook")).hasSize(3);
    }

    @Test
    void a_400_refuses_that_page_only_and_the_next_page_goes_out() throws Exception {
        slack.answer(400);
        String fp = raise("Refused by the webhook").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> daemon.readLog("incidents.ndjson").lines()
                .anyMatch(l -> l.contains(fp) && l.contains("\"result\":\"refused\"")));
        raise("Sent after the refusal");
        await().atMost(WAIT).until(() -> textsContaining("Sent after the refusal").size() == 1);
        // the refusal raised a WARNING (source pager) for the digest; it is sent here, so that no later
        // test's canned answers go to it
        await().atMost(WAIT).until(() -> daemon.readLog("incidents.ndjson").lines()
                .anyMatch(l -> l.contains("\"event\":\"raise\"") && l.contains("\"source\":\"pager\"")));
        await().atMost(WAIT).until(() -> {
            daemon.call("incident-run", null);
            return !textsContaining("[DIGEST]").isEmpty();
        });
        assertThat(textsContaining("Refused by the webhook")).hasSize(1);
        assertThat(summary().get("pages_refused").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_page_the_webhook_never_took_waits_in_the_outbox_and_the_next_run_delivers_it_once() throws Exception {
        slack.answer(502, 502, 502);
        raise("Kept in the outbox");
        try {
            await().atMost(WAIT).until(() -> textsContaining("Kept in the outbox").size() == 3
                    && summary().get("pages_pending").asLong() >= 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("received " + slack.received.stream().map(q -> q.status() + " " + q.body()).toList()
                    + "; summary " + summary() + "; history " + daemon.readLog("incidents.ndjson"), e);
        }
        daemon.call("incident-run", null);
        assertThat(textsContaining("Kept in the outbox")).hasSize(4);
        await().atMost(WAIT).until(() -> summary().get("pages_pending").asLong() == 0);
        daemon.call("incident-run", null);
        assertThat(textsContaining("Kept in the outbox")).hasSize(4);
    }

    @Test
    void a_channel_route_without_the_pagers_retry_is_refused_at_start(@TempDir Path other) throws Exception {
        Path routes = EditableRoutes.copyInto(other);
        String example = Files.readString(Path.of("docs/examples/slack.camel.yaml"));
        Files.writeString(routes.resolve("slack.camel.yaml"), example.replace("    routeConfigurationId: page-retry\n", "")
                .replace("{{env:SLACK_WEBHOOK_URL}}", slack.url("/hook")));
        RunningDaemon bad = new RunningDaemon(other).set("ROUTES_DIR", routes.toString());
        try {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(bad::start);
            assertThat(failure).isNotNull();
            assertThat(rootMessages(failure)).contains("channel route channel-slack must declare routeConfigurationId: page-retry");
        } finally {
            bad.close();
        }
    }

    private static String rootMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
