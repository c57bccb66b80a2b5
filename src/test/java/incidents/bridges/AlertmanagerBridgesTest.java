package incidents.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import support.RunningDaemon;

/**
 * Debian's real Alertmanager (prometheus-alertmanager) pages through the daemon: one receiver with
 * webhook_configs (Bearer key), one with pagerduty_configs whose url points at the events bridge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertmanagerBridgesTest {
    static final String BINARY = "/usr/bin/prometheus-alertmanager";
    static final String ROUTING_KEY = "events-routing-key-0123456789";
    static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path home;
    RunningDaemon daemon;
    Process alertmanager;
    int amPort;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        assertThat(Path.of(BINARY)).as("install Debian's prometheus-alertmanager (.ci/run does)").exists();
        daemon = new RunningDaemon(home.resolve("daemon")).set("EVENTS_ROUTING_KEY", ROUTING_KEY).start();
        amPort = RunningDaemon.freePort();
        Path config = home.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: webhook
                  group_by: ['alertname']
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                  routes:
                    - matchers: ['via="pagerduty"']
                      receiver: pagerduty
                receivers:
                  - name: webhook
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: %s
                  - name: pagerduty
                    pagerduty_configs:
                      - routing_key: %s
                        url: %s
                        severity: '{{ .CommonLabels.severity }}'
                        send_resolved: true
                """.formatted(daemon.url("/api/incidents/alertmanager"), RunningDaemon.KEY, ROUTING_KEY,
                daemon.url("/api/incidents/events")));
        alertmanager = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.path=" + home.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(home.resolve("alertmanager.log").toFile()).start();
        await().atMost(WAIT).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + amPort + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @AfterAll
    void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
        daemon.close();
    }

    /** Posts one alert to Alertmanager's API; {@code endsAt} in the past resolves it. */
    private void alert(String name, String severity, String via, String summary, Instant endsAt) throws Exception {
        String body = "[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"via\":\"" + via + "\"},"
                + "\"annotations\":{\"summary\":\"" + summary + "\"},\"startsAt\":\"" + Instant.now().minusSeconds(60) + "\""
                + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"") + "}]";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + amPort + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonNode incidentFrom(String source) throws Exception {
        for (JsonNode i : daemon.get("/api/incidents?status=all").json().get("incidents")) {
            if (i.get("source").asText().equals(source)) {
                return i;
            }
        }
        return null;
    }

    private String log() throws Exception {
        return Files.readString(home.resolve("alertmanager.log"));
    }

    @Test
    void a_webhook_alert_firing_then_resolving_opens_and_resolves_an_incident() throws Exception {
        alert("DiskFull", "critical", "webhook", "Disk / is full on db1", null);
        await().atMost(WAIT).until(() -> incidentFrom("DiskFull") != null);
        JsonNode open = incidentFrom("DiskFull");
        assertThat(open.get("status").asText()).isEqualTo("open");
        assertThat(open.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(open.get("msg").asText()).isEqualTo("Disk / is full on db1");

        alert("DiskFull", "critical", "webhook", "Disk / is full on db1", Instant.now().minusSeconds(1));
        await().atMost(WAIT).until(() -> incidentFrom("DiskFull").get("status").asText().equals("resolved"));
        assertThat(incidentFrom("DiskFull").get("resolved_by").asText()).isEqualTo("alertmanager");
        assertThat(log()).doesNotContain("Notify for alerts failed");
    }

    @Test
    void a_pagerduty_receiver_pointed_here_triggers_and_resolves_through_the_events_api() throws Exception {
        alert("QueueStuck", "warning", "pagerduty", "Queue stuck on worker 7", null);
        await().atMost(WAIT).until(() -> daemon.get("/api/incidents?status=all").json().get("incidents").toString()
                .contains("QueueStuck"));
        JsonNode open = findByMsg("QueueStuck");
        assertThat(open.get("status").asText()).isEqualTo("open");
        assertThat(open.get("severity").asText()).isEqualTo("WARNING");

        alert("QueueStuck", "warning", "pagerduty", "Queue stuck on worker 7", Instant.now().minusSeconds(1));
        await().atMost(WAIT).until(() -> findByMsg("QueueStuck").get("status").asText().equals("resolved"));
        assertThat(findByMsg("QueueStuck").get("resolved_by").asText()).isEqualTo("events");
        assertThat(log()).doesNotContain("Notify for alerts failed");
    }

    private JsonNode findByMsg(String part) throws Exception {
        for (JsonNode i : daemon.get("/api/incidents?status=all").json().get("incidents")) {
            if (i.get("msg").asText().contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no incident mentions " + part);
    }

    @Test
    void the_bridges_refuse_a_wrong_key_a_key_in_the_query_and_a_wrong_routing_key() throws Exception {
        String webhook = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}";
        HttpRequest.Builder wrong = HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents/alertmanager")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString(webhook));
        assertThat(daemon.send(wrong.build()).status()).isEqualTo(401);
        HttpRequest inQuery = HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents/alertmanager?X-Dash-Key="
                + RunningDaemon.KEY))).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(webhook)).build();
        assertThat(daemon.send(inQuery).status()).isEqualTo(401);
        // the bearer is taken on the Alertmanager path only
        HttpRequest bearerElsewhere = HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents")))
                .header("Authorization", "Bearer " + RunningDaemon.KEY).GET().build();
        assertThat(daemon.send(bearerElsewhere).status()).isEqualTo(401);
        assertThat(daemon.send(HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents/alertmanager")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + RunningDaemon.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(webhook)).build()).status()).isEqualTo(200);

        String event = "{\"routing_key\":\"%s\",\"event_action\":\"trigger\",\"dedup_key\":\"db-7\",\"payload\":"
                + "{\"summary\":\"DB 7 slow\",\"source\":\"db7\",\"severity\":\"error\"}}";
        HttpRequest badKey = HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents/events")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event.formatted("nope"))).build();
        assertThat(daemon.send(badKey).status()).isEqualTo(401);
        RunningDaemon.Reply ok = daemon.send(HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents/events")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event.formatted(ROUTING_KEY))).build());
        assertThat(ok.status()).isEqualTo(202);
        assertThat(ok.text()).isEqualTo("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"db-7\"}");
        RunningDaemon.Reply withDashKey = daemon.postJson("/api/incidents/events",
                "{\"event_action\":\"acknowledge\",\"dedup_key\":\"db-7\"}");
        assertThat(withDashKey.status()).isEqualTo(202);
        assertThat(findByMsg("DB 7 slow").get("status").asText()).isEqualTo("acknowledged");
    }
}
