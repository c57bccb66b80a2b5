package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

/**
 * The ingest paths when the input file cannot take the events, end to end over HTTP. The input
 * files are links to /dev/full, where every write fails with "No space left on device" as on a
 * full disk, without needing root or a mount (FullDiskTest does it on a real full tmpfs).
 */
class UnwritableInputTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path home;

    private RunningDaemon daemon() throws Exception {
        assumeTrue(Files.exists(DEV_FULL), "needs /dev/full (Linux)");
        Path logs = Files.createDirectories(home.resolve("logs"));
        Files.createSymbolicLink(logs.resolve("requests.ndjson"), DEV_FULL);
        Files.createSymbolicLink(logs.resolve("ai_usage.ndjson"), DEV_FULL);
        return new RunningDaemon(home).clock(new MutableClock(NOW)).start();
    }

    @Test
    void request_events_that_cannot_be_appended_are_answered_507_and_never_counted() throws Exception {
        try (RunningDaemon d = daemon()) {
            RunningDaemon.Reply r = d.post("/api/metrics/requests", "application/x-ndjson",
                    "{\"ts\":\"2025-10-20T17:59:00Z\",\"status\":500,\"latency_ms\":100}\n"
                            + "{\"ts\":\"2025-10-20T17:59:01Z\",\"status\":200,\"latency_ms\":100}\n");

            assertThat(r.status()).isEqualTo(507);
            assertThat(r.json().get("ok").asBoolean()).isFalse();
            assertThat(r.json().get("error").asText()).isEqualTo("the disk under LOGS_DIR is full (appending 120 bytes to"
                    + " requests.ndjson: No space left on device); free space, nothing was recorded");
            assertThat(r.json().size()).as(r.text()).isEqualTo(2);
            d.call("slo-budget-run", null);
            JsonNode data = d.get("/api/slo/budget").json().get("data");
            assertThat(data.get("total_requests").asInt()).isZero();
        }
    }

    @Test
    void usage_that_cannot_be_appended_is_answered_507_and_the_spend_stays_as_it_was() throws Exception {
        try (RunningDaemon d = daemon()) {
            RunningDaemon.Reply r = d.post("/api/costs/usage", "application/x-ndjson",
                    "{\"ts\":\"2025-10-20T17:00:00Z\",\"model\":\"gpt-4o\",\"cost_usd\":0.02}\n");

            assertThat(r.status()).isEqualTo(507);
            assertThat(r.json().get("error").asText()).startsWith("the disk under LOGS_DIR is full (appending")
                    .endsWith("; free space, nothing was recorded");
            assertThat(d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue()).isEqualByComparingTo("0");
            d.call("costs-run", null);
            assertThat(d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue()).isEqualByComparingTo("0");
        }
    }

    @Test
    void usage_appended_before_the_cost_refresh_failed_is_answered_200_and_counted_once() throws Exception {
        // the refresh after the post cannot replace logs/costs.json: a folder that is not empty stands there
        Files.writeString(Files.createDirectories(home.resolve("logs/costs.json")).resolve("keep"), "x");
        try (RunningDaemon d = new RunningDaemon(home).clock(new MutableClock(NOW)).start()) {
            RunningDaemon.Reply r = d.post("/api/costs/usage", "application/x-ndjson",
                    "{\"ts\":\"2025-10-20T17:00:00Z\",\"model\":\"gpt-4o\",\"cost_usd\":0.02}\n");

            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(Files.readAllLines(d.logs().resolve("ai_usage.ndjson"))).hasSize(1);
            d.call("costs-run", null);
            assertThat(d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue()).isEqualByComparingTo("0.02");
        }
    }
}
