package scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;
import support.WebhookServer;

/**
 * The timer's own applies (the seed's autonomous scaler, SCALE_DRY_RUN=false) with no route edited,
 * a webhook as actuator, and where the current worker count comes from.
 */
class AutonomousScalingTest {
    private static final Instant NOW = Instant.parse("2025-10-20T18:00:30Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(NOW);
    private final WebhookServer webhook = new WebhookServer();
    private RunningDaemon daemon;

    AutonomousScalingTest() throws IOException {
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        webhook.close();
    }

    /** A daemon whose timer runs every second (the clock stands still: the cooldown never ends by itself). */
    private RunningDaemon everySecond() {
        daemon = new RunningDaemon(home).clock(clock).set("SCALE_INTERVAL", "1s").set("SCALE_ACTUATOR_URI", webhook.url("/scale"));
        return daemon;
    }

    /** Decisions recorded so far: the lines of logs/autoscale.ndjson (counted by newline, a line is written whole). */
    private long decisions() throws IOException {
        Path history = home.resolve("logs/autoscale.ndjson");
        if (!Files.exists(history)) {
            return 0;
        }
        long lines = 0;
        for (byte b : Files.readAllBytes(history)) {
            lines += b == '\n' ? 1 : 0;
        }
        return lines;
    }

    private void awaitMoreDecisions(long more) throws IOException {
        long target = decisions() + more;
        await().atMost(WAIT).until(() -> decisions() >= target);
    }

    private JsonNode status() throws Exception {
        RunningDaemon.Reply r = daemon.get("/api/scale/status");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("data");
    }

    @Test
    void with_dry_run_off_the_timer_sends_a_change_on_its_own_and_the_cooldown_holds_the_next_runs() throws Exception {
        everySecond().set("SCALE_DRY_RUN", "false").start();
        awaitMoreDecisions(1);
        assertThat(webhook.received).as("no request events yet: nothing to change").isEmpty();

        RequestEvents.append(home, NOW.minusSeconds(60), 20, 1500);
        await().atMost(WAIT).until(() -> !webhook.received.isEmpty());
        assertThat(webhook.received.get(0).body()).isEqualTo("{\"workers\":2}");
        assertThat(webhook.received.get(0).method()).isEqualTo("POST");

        awaitMoreDecisions(2);
        assertThat(webhook.received).as("held by the cooldown").hasSize(1);
        JsonNode held = status();
        assertThat(held.get("current_workers").asInt()).isEqualTo(2);
        assertThat(held.get("reason").asText()).isEqualTo("cooldown");
        assertThat(Files.readString(home.resolve("logs/autoscale.ndjson"))).containsOnlyOnce("\"apply_result\":\"applied\"");
    }

    @Test
    void in_dry_run_the_timer_never_sends_however_often_it_runs() throws Exception {
        RequestEvents.append(home, NOW.minusSeconds(60), 20, 1500);
        everySecond().start();
        awaitMoreDecisions(3);

        assertThat(webhook.received).isEmpty();
        JsonNode d = status();
        assertThat(d.get("desired_workers").asInt()).isEqualTo(2);
        assertThat(d.get("current_workers").asInt()).isEqualTo(1);
        assertThat(d.get("apply_result").asText()).isEqualTo("dry_run");
        assertThat(d.get("applied").asBoolean()).isFalse();
    }

    @Test
    void a_change_the_actuator_refuses_on_a_timer_run_is_not_recorded_and_the_next_run_tries_again() throws Exception {
        webhook.status.set(503);
        RequestEvents.append(home, NOW.minusSeconds(60), 20, 1500);
        everySecond().set("SCALE_DRY_RUN", "false").start();
        await().atMost(WAIT).until(() -> webhook.received.size() >= 2);

        JsonNode d = status();
        assertThat(d.get("apply_result").asText()).isEqualTo("failed");
        assertThat(d.get("applied").asBoolean()).isFalse();
        assertThat(d.get("actuator_error").asText()).contains("503").endsWith("workers stay at 1");
        assertThat(d.get("current_workers").asInt()).isEqualTo(1);
        assertThat(d.get("constraints").get("cooldown_remaining_sec").asLong()).as("no change was applied").isZero();
    }

    @Test
    void a_fresh_gauge_s_workers_become_the_current_count_and_a_stale_one_s_do_not() throws Exception {
        RequestEvents.append(home, NOW.minusSeconds(60), 20, 1500);
        daemon = new RunningDaemon(home).clock(clock); // SCALE_INTERVAL 1h: a gauge is fresh for 3 h
        daemon.start();
        await().atMost(WAIT).until(() -> daemon.get("/api/scale/status").status() == 200);
        assertThat(status().get("current_workers").asInt()).isEqualTo(1);
        assertThat(status().get("current_workers_source").asText()).isEqualTo("state");

        RunningDaemon.Reply posted = daemon.postJson("/api/scale/metrics", "{\"ts\":\"" + NOW + "\",\"queue_depth\":0,\"workers\":4}");
        assertThat(posted.status()).as(posted.text()).isEqualTo(200);
        daemon.call("scale-run", null);
        JsonNode fresh = status();
        assertThat(fresh.get("metrics").get("queue_gauge").asText()).isEqualTo("fresh");
        assertThat(fresh.get("current_workers").asInt()).isEqualTo(4);
        assertThat(fresh.get("current_workers_source").asText()).isEqualTo("queue_gauge");
        assertThat(fresh.get("desired_workers").asInt()).as("high latency: one more than the gauge's 4").isEqualTo(5);

        clock.advance(Duration.ofHours(3).plusMinutes(1));
        daemon.call("scale-run", null);
        JsonNode stale = status();
        assertThat(stale.get("metrics").get("queue_gauge").asText()).isEqualTo("stale");
        assertThat(stale.get("current_workers").asInt()).as("the persisted count").isEqualTo(1);
        assertThat(stale.get("current_workers_source").asText()).isEqualTo("state");
    }
}
