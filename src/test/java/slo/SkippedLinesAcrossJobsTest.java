package slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

/** skipped_lines counts the requests file, whichever job (SLO or autoscale) happened to read its lines. */
class SkippedLinesAcrossJobsTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:30Z");

    @TempDir
    Path home;

    private static JsonNode budget(RunningDaemon d) throws Exception {
        RunningDaemon.Reply r = d.get("/api/slo/budget");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("data");
    }

    @Test
    void lines_the_autoscaler_skipped_first_are_reported_by_the_slo_budget_and_a_restart_keeps_the_count() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        try (RunningDaemon d = new RunningDaemon(home).clock(clock).start()) {
            // both start-up runs are done before the file gets its lines
            await().atMost(Duration.ofSeconds(30)).until(() -> d.get("/api/slo/budget").status() == 200
                    && d.get("/api/scale/status").status() == 200);
            String good = "{\"ts\":\"" + NOW.minusSeconds(60) + "\",\"route\":\"/api/chat\",\"status\":200,\"latency_ms\":120}\n";
            Files.writeString(d.logs().resolve("requests.ndjson"),
                    good + "not json\n{\"ts\":\"yesterday\",\"latency_ms\":1}\n" + good + "[1,2]\n{}\n{\"latency_ms\":5}\n" + good);

            d.call("scale-run", null);
            assertThat(d.get("/api/scale/status").json().at("/data/metrics/requests_last_10m").asLong())
                    .as("the autoscaler folded the file").isEqualTo(3);

            d.call("slo-budget-run", null);
            JsonNode after = budget(d);
            assertThat(after.get("new_events").asLong()).as("nothing was left for the SLO run to read").isZero();
            assertThat(after.get("total_requests").asLong()).isEqualTo(3);
            assertThat(after.get("skipped_lines").asLong()).isEqualTo(5);
        }
        try (RunningDaemon d = new RunningDaemon(home).clock(clock).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> d.get("/api/slo/budget").status() == 200);
            JsonNode restarted = budget(d);
            assertThat(restarted.get("new_events").asLong()).isZero();
            assertThat(restarted.get("skipped_lines").asLong()).isEqualTo(5);
        }
    }
}
