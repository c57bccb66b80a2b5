package scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;
import support.WebhookServer;

/** The autoscaler in the real daemon: request events and gauges in, decisions out over HTTP and in files. */
class AutoscaleDaemonTest {
    private static final Instant NOW = Instant.parse("2025-10-20T18:00:30Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(NOW);
    private RunningDaemon daemon;
    private WebhookServer webhook;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    private RunningDaemon daemon() {
        daemon = new RunningDaemon(home).clock(clock);
        return daemon;
    }

    /** Starts the daemon and waits for the decision it makes just after start. */
    private void start() throws Exception {
        daemon.start();
        await().atMost(WAIT).until(() -> Files.exists(daemon.logs().resolve("autoscale.json")));
    }

    /**
     * Starts a daemon that applies (SCALE_DRY_RUN=false) with no request events yet: its start-up run
     * holds (metrics_missing) and sends nothing, so what a test then sends comes from its own apply.
     */
    private void startLiveWithNothingToChange() throws Exception {
        start();
        assertThat(status().get("apply_result").asText()).isEqualTo("no_change");
    }

    private void requests(Instant at, int count, double latencyMs) throws IOException {
        RequestEvents.append(home, at, count, latencyMs);
    }

    private JsonNode status() throws Exception {
        RunningDaemon.Reply r = daemon.get("/api/scale/status");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("data");
    }

    private RunningDaemon.Reply apply() throws Exception {
        return daemon.postJson("/api/scale/apply", "");
    }

    private Path actuatorFile() {
        return daemon.logs().resolve("workers.desired");
    }

    @Test
    void slow_requests_give_a_dry_run_decision_of_one_worker_more_that_reaches_no_actuator() throws Exception {
        requests(NOW.minusSeconds(60), 20, 1500);
        daemon();
        start();

        JsonNode d = status();
        assertThat(d.get("current_workers").asInt()).isEqualTo(1);
        assertThat(d.get("desired_workers").asInt()).isEqualTo(2);
        assertThat(d.get("reason").asText()).isEqualTo("high_latency");
        assertThat(d.get("dry_run").asBoolean()).isTrue();
        assertThat(d.get("metrics").get("p95_latency_ms").asDouble()).isBetween(1490.0, 1510.0);
        assertThat(d.get("metrics").get("arrival_rate_per_min").asDouble()).isEqualTo(2.0);
        assertThat(d.get("metrics").has("queue_depth")).isTrue();
        JsonNode c = d.get("constraints");
        assertThat(c.get("min").asInt()).isEqualTo(1);
        assertThat(c.get("max").asInt()).isEqualTo(6);
        assertThat(c.get("cooldown_min").asInt()).isEqualTo(10);
        assertThat(c.get("cooldown_remaining_sec").asLong()).isZero();
        assertThat(c.get("deploy_gate_active").asBoolean()).isFalse();
        assertThat(d.get("forecast").get("method").asText()).isEqualTo("holt_linear");
        assertThat(d.get("forecast").has("arrival_rate_per_min_in_30m")).isTrue();

        RunningDaemon.Reply noKey = daemon.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(daemon.url("/api/scale/apply")))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(noKey.status()).isEqualTo(401);

        RunningDaemon.Reply r = apply();
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("data").get("apply_result").asText()).isEqualTo("dry_run");
        assertThat(r.json().get("data").get("applied").asBoolean()).isFalse();
        assertThat(actuatorFile()).doesNotExist();
        List<String> history = Files.readAllLines(daemon.logs().resolve("autoscale.ndjson"));
        assertThat(history).hasSize(2);
        assertThat(daemon.readLog("autoscale.json")).contains("\"apply_result\":\"dry_run\"");
    }

    @Test
    void apply_writes_the_count_to_the_actuator_file_and_a_second_apply_is_held_by_the_cooldown() throws Exception {
        daemon().set("SCALE_DRY_RUN", "false");
        startLiveWithNothingToChange();
        assertThat(actuatorFile()).doesNotExist();
        requests(NOW.minusSeconds(60), 20, 1500);

        RunningDaemon.Reply first = apply();
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("data").get("applied").asBoolean()).isTrue();
        assertThat(Files.readString(actuatorFile())).isEqualTo("{\"workers\":2}");

        Files.delete(actuatorFile());
        clock.advance(Duration.ofMinutes(4));
        JsonNode held = apply().json().get("data");
        assertThat(held.get("current_workers").asInt()).isEqualTo(2);
        assertThat(held.get("desired_workers").asInt()).isEqualTo(2);
        assertThat(held.get("reason").asText()).isEqualTo("cooldown");
        assertThat(held.get("rule").get("reason").asText()).isEqualTo("high_latency");
        assertThat(held.get("constraints").get("cooldown_remaining_sec").asLong()).isEqualTo(360);
        assertThat(held.get("applied").asBoolean()).isFalse();
        assertThat(actuatorFile()).doesNotExist();

        clock.advance(Duration.ofMinutes(6));
        requests(clock.instant().minusSeconds(30), 20, 1500);
        JsonNode again = apply().json().get("data");
        assertThat(again.get("reason").asText()).isEqualTo("high_latency");
        assertThat(again.get("applied").asBoolean()).isTrue();
        assertThat(Files.readString(actuatorFile())).isEqualTo("{\"workers\":3}");
    }

    @Test
    void apply_posts_the_count_as_json_to_a_webhook_actuator_and_nothing_of_the_api_request() throws Exception {
        webhook = new WebhookServer();
        daemon().set("SCALE_DRY_RUN", "false").set("SCALE_ACTUATOR_URI", webhook.url("/scale?token=hook-secret"));
        startLiveWithNothingToChange();
        assertThat(webhook.received).isEmpty();
        requests(NOW.minusSeconds(60), 20, 1500);

        RunningDaemon.Reply r = apply();
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(webhook.received).hasSize(1);
        WebhookServer.Received got = webhook.received.get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/scale");
        assertThat(got.contentType()).startsWith("application/json");
        assertThat(got.body()).isEqualTo("{\"workers\":2}");
        assertThat(got.headerNames()).as("the dashboard key of the API call stays home").doesNotContain("x-dash-key");
        assertThat(r.text()).doesNotContain("hook-secret");
        assertThat(status().get("apply_result").asText()).isEqualTo("applied");
    }

    @Test
    void in_dry_run_the_webhook_actuator_gets_nothing() throws Exception {
        webhook = new WebhookServer();
        requests(NOW.minusSeconds(60), 20, 1500);
        daemon().set("SCALE_ACTUATOR_URI", webhook.url("/scale"));
        start();
        RunningDaemon.Reply r = apply();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("data").get("desired_workers").asInt()).isEqualTo(2);
        daemon.call("scale-run", null);
        assertThat(webhook.received).isEmpty();
    }

    @Test
    void a_failing_webhook_leaves_the_count_unchanged_and_the_answer_says_why() throws Exception {
        webhook = new WebhookServer();
        webhook.status.set(500);
        daemon().set("SCALE_DRY_RUN", "false").set("SCALE_ACTUATOR_URI", webhook.url("/scale?token=hook-secret"));
        startLiveWithNothingToChange();
        requests(NOW.minusSeconds(60), 20, 1500);

        RunningDaemon.Reply r = apply();
        assertThat(r.status()).as(r.text()).isEqualTo(502);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.json().get("error").asText()).contains("500").contains("workers stay at 1").doesNotContain("hook-secret");
        assertThat(r.json().get("data").get("apply_result").asText()).isEqualTo("failed");
        assertThat(webhook.received).hasSize(1);
        assertThat(daemon.readLog("autoscale.json")).contains("actuator_error").contains("\"applied\":false")
                .doesNotContain("hook-secret");

        // nothing was recorded: the next apply starts again from 1 and no cooldown holds it
        webhook.status.set(200);
        JsonNode ok = apply().json().get("data");
        assertThat(ok.get("current_workers").asInt()).isEqualTo(1);
        assertThat(ok.get("reason").asText()).isEqualTo("high_latency");
        assertThat(ok.get("applied").asBoolean()).isTrue();
        assertThat(webhook.received).hasSize(2);
        assertThat(status().get("constraints").get("cooldown_remaining_sec").asLong()).isZero();
        daemon.call("scale-run", null);
        assertThat(status().get("current_workers").asInt()).isEqualTo(2);
        assertThat(status().get("constraints").get("cooldown_remaining_sec").asLong()).isEqualTo(600);
    }

    @Test
    void an_actuator_uri_camel_cannot_resolve_answers_502_naming_the_scheme() throws Exception {
        daemon().set("SCALE_DRY_RUN", "false").set("SCALE_ACTUATOR_URI", "nosuchscheme:workers");
        startLiveWithNothingToChange();
        requests(NOW.minusSeconds(60), 20, 1500);

        RunningDaemon.Reply r = apply();
        assertThat(r.status()).as(r.text()).isEqualTo(502);
        assertThat(r.json().get("error").asText()).startsWith("nosuchscheme:workers did not accept {\"workers\":2}: ")
                .contains("nosuchscheme").endsWith("workers stay at 1");
        assertThat(r.json().get("data").get("applied").asBoolean()).isFalse();
    }

    @Test
    void without_request_events_the_count_is_held_as_metrics_missing() throws Exception {
        requests(NOW.minus(Duration.ofMinutes(20)), 50, 3000);
        daemon().set("SCALE_DRY_RUN", "false");
        start();
        JsonNode d = status();
        assertThat(d.get("reason").asText()).isEqualTo("metrics_missing");
        assertThat(d.get("desired_workers").asInt()).isEqualTo(d.get("current_workers").asInt());
        assertThat(apply().json().get("data").get("apply_result").asText()).isEqualTo("no_change");
        assertThat(actuatorFile()).doesNotExist();
    }

    @Test
    void a_rising_arrival_series_scales_up_on_the_forecast_before_the_current_rate_is_high() throws Exception {
        Instant currentMinute = Instant.parse("2025-10-20T18:00:00Z");
        for (int i = 0; i < 60; i++) {
            requests(currentMinute.minus(Duration.ofMinutes(60 - i)).plusSeconds(5), (int) Math.round(0.15 * i), 500);
        }
        daemon();
        start();
        JsonNode d = status();
        assertThat(d.get("metrics").get("arrival_rate_per_min").asDouble()).isBetween(8.0, 9.0);
        assertThat(d.get("forecast").get("arrival_rate_per_min_in_30m").asDouble()).isGreaterThan(10);
        assertThat(d.get("reason").asText()).isEqualTo("high_arrival_rate");
        assertThat(d.get("desired_workers").asInt()).isEqualTo(2);
        assertThat(d.get("explanation").asText()).contains("forecast");
    }

    @Test
    void a_posted_queue_gauge_is_stored_in_the_queue_file_and_a_backlog_adds_a_worker() throws Exception {
        requests(NOW.minusSeconds(60), 10, 500);
        daemon();
        start();
        assertThat(status().get("reason").asText()).isEqualTo("steady");

        RunningDaemon.Reply bad = daemon.postJson("/api/scale/metrics", "{\"queue_depth\":\"many\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("queue_depth");

        RunningDaemon.Reply ok = daemon.postJson("/api/scale/metrics", "{\"ts\":\"2025-10-20T18:00:00Z\",\"queue_depth\":50,\"workers\":1}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(daemon.logs().resolve("queue.json").toFile());
        assertThat(file.get("queue_depth").asLong()).isEqualTo(50);
        assertThat(file.get("ts").asText()).isEqualTo("2025-10-20T18:00:00Z");

        // drain time = 50 x 500 ms / 1 worker = 25 s > 1000 ms
        JsonNode d = apply().json().get("data");
        assertThat(d.get("reason").asText()).isEqualTo("queue_backlog");
        assertThat(d.get("metrics").get("queue_depth").asLong()).isEqualTo(50);
        assertThat(d.get("metrics").get("queue_gauge").asText()).isEqualTo("fresh");
        assertThat(d.get("desired_workers").asInt()).isEqualTo(2);
    }

    @Test
    void a_queue_file_seeds_the_worker_count_and_a_stale_one_holds_it() throws Exception {
        requests(NOW.minusSeconds(60), 20, 1500);
        Files.writeString(home.resolve("logs/queue.json"), "{\"ts\":\"2025-10-20T14:00:00Z\",\"queue_depth\":3,\"workers\":3}");
        daemon();
        start();
        JsonNode d = status();
        assertThat(d.get("current_workers").asInt()).isEqualTo(3);
        // SCALE_INTERVAL is 1h in tests: a gauge 4 h old is older than 3 intervals
        assertThat(d.get("reason").asText()).isEqualTo("metrics_missing");
        assertThat(d.get("desired_workers").asInt()).isEqualTo(3);
    }

    @Test
    void the_deploy_gate_flag_blocks_scale_up() throws Exception {
        requests(NOW.minusSeconds(60), 20, 1500);
        Files.writeString(home.resolve("logs/deploy_gate.flag"), "{\"since\":\"2025-10-20T16:00:00Z\"}");
        daemon().set("SCALE_DRY_RUN", "false");
        start();
        JsonNode d = apply().json().get("data");
        assertThat(d.get("reason").asText()).isEqualTo("deploy_gate");
        assertThat(d.get("desired_workers").asInt()).isEqualTo(1);
        assertThat(d.get("constraints").get("deploy_gate_active").asBoolean()).isTrue();
        assertThat(actuatorFile()).doesNotExist();
    }
}
