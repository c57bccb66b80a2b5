package costs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

class CostStatusTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    /** The seed's output example (phase 79), data object. */
    static final String SEED_EXAMPLE = """
            {"ts":"2025-10-20T18:00:00Z","period_hours":24,"total_spent_usd":18.50,"daily_cap_usd":25.0,
             "global_utilization_pct":74.0,
             "by_model":{"gpt-4o":{"spent_usd":12.30,"cap_usd":15,"utilization_pct":82.0},
                         "gpt-4o-mini":{"spent_usd":6.20,"cap_usd":10,"utilization_pct":62.0}},
             "alert_level":"OK","action":"NONE"}""";

    @TempDir
    Path home;

    @Test
    void the_seed_example_is_reproduced_from_a_usage_file_and_older_events_are_ignored() throws Exception {
        Usage.append(home.resolve("logs/ai_usage.ndjson"),
                Usage.event(NOW.minusSeconds(25 * 3600), "gpt-4o", "100.00"),          // 25 h old: ignored
                Usage.event(Instant.parse("2025-10-19T17:59:59Z"), "gpt-4o-mini", "3.33"), // 24 h 1 s old: ignored
                Usage.event(Instant.parse("2025-10-20T08:00:00Z"), "gpt-4o-mini", "2.20"),
                Usage.event(Instant.parse("2025-10-20T10:00:00Z"), "gpt-4o", "5.00"),
                "{\"ts\":\"2025-10-20T11:00:00Z\",\"model\":\"gpt-4o\"}",                 // no cost, no price: skipped
                "not json at all",
                Usage.event(Instant.parse("2025-10-20T12:30:00Z"), "gpt-4o", "0.1"),
                Usage.event(Instant.parse("2025-10-20T12:30:10Z"), "gpt-4o", "0.2"),
                Usage.event(Instant.parse("2025-10-20T15:00:00Z"), "gpt-4o-mini", "4.00"),
                "{\"ts\":1760976000,\"model\":\"gpt-4o\",\"cost_usd\":7.00}");           // 2025-10-20T16:00:00Z, epoch s
        try (RunningDaemon d = new RunningDaemon(home).clock(new MutableClock(NOW))
                .set("COST_CAP_DAILY_USD", "25.0")
                .set("MODEL_CAPS_JSON", "{\"gpt-4o\":15,\"gpt-4o-mini\":10}").start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(d.logs().resolve("costs.json")));

            RunningDaemon.Reply r = d.get("/api/costs/status");
            assertThat(r.status()).isEqualTo(200);
            JsonNode data = r.json().get("data");
            ObjectNode seedShape = data.deepCopy();
            seedShape.remove(List.of("forecast_usd", "reason", "skipped_lines"));
            assertThat(seedShape).isEqualTo(JSON.readTree(SEED_EXAMPLE));
            // figures are written as the seed writes them, not as binary floating point
            assertThat(r.text()).contains("\"total_spent_usd\":18.50", "\"spent_usd\":12.30", "\"utilization_pct\":82.0",
                    "\"daily_cap_usd\":25.0", "\"global_utilization_pct\":74.0");
            assertThat(data.get("forecast_usd").decimalValue()).isEqualByComparingTo("18.50");
            assertThat(data.get("reason").asText()).startsWith("OK:");
            assertThat(data.get("skipped_lines").asLong()).as("the event without cost or price, and the line that is not JSON")
                    .isEqualTo(2);

            JsonNode latest = JSON.readTree(d.logs().resolve("costs.json").toFile());
            assertThat(latest).isEqualTo(data);
            List<String> history = Files.readAllLines(d.logs().resolve("costs.ndjson"));
            assertThat(history).hasSize(1);
            assertThat(JSON.readTree(history.get(0))).isEqualTo(data);
            assertThat(fieldNames(data)).containsExactly("ts", "period_hours", "total_spent_usd", "daily_cap_usd",
                    "global_utilization_pct", "by_model", "alert_level", "action", "forecast_usd", "reason", "skipped_lines");
        }
    }

    @Test
    void the_usage_file_is_read_incrementally_and_a_restart_does_not_count_a_line_twice() throws Exception {
        Path usage = home.resolve("logs/ai_usage.ndjson");
        Usage.append(usage, Usage.event(NOW.minusSeconds(3 * 3600), "gpt-4o", "1.25"), "not json at all");
        MutableClock clock = new MutableClock(NOW);
        try (RunningDaemon d = new RunningDaemon(home).clock(clock).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(d.logs().resolve("costs.json")));
            Usage.append(usage, Usage.event(NOW.minusSeconds(2 * 3600), "gpt-4o", "0.75"));
            d.call("costs-run", null);
            assertThat(d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue()).isEqualByComparingTo("2.00");
        }
        try (RunningDaemon d = new RunningDaemon(home).clock(clock).start()) {
            // answered from the state DB before the first run; the run then adds nothing new
            assertThat(d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue()).isEqualByComparingTo("2.00");
            assertThat(d.get("/api/costs/status").json().at("/data/skipped_lines").asLong()).isEqualTo(1);
            d.call("costs-run", null);
            assertThat(d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue()).isEqualByComparingTo("2.00");
            // a day later the spend has left the window
            clock.advance(Duration.ofHours(23));
            d.call("costs-run", null);
            assertThat(d.get("/api/costs/status").json().at("/data/total_spent_usd").decimalValue()).isEqualByComparingTo("0.00");
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
