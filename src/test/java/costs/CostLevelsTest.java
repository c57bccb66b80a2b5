package costs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import support.MutableClock;
import support.RunningDaemon;

/** Levels at each boundary, early warning from the forecast, and one incident per level crossing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostLevelsTest {
    @TempDir
    static Path home;
    final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T18:00:00Z"));
    RaisedIncidents pager;
    RunningDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).clock(clock).set("COST_CAP_DAILY_USD", "25").start();
        pager = new RaisedIncidents(daemon.logs());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(daemon.logs().resolve("costs.json")));
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
    }

    /** Each case starts a day later, so the spend of the cases before it has left the window. */
    @BeforeEach
    void nextDay() throws Exception {
        clock.advance(Duration.ofHours(25));
        daemon.call("costs-run", null);
        pager.clear();
    }

    @ParameterizedTest(name = "spend {0} of 25 is {1} % -> {2} / {3}")
    @CsvSource({"22.4975, 89.99, OK, NONE", "22.5, 90.0, WARNING, ALERT", "24.9975, 99.99, WARNING, ALERT",
            "25, 100.0, CRITICAL, THROTTLE", "25.000000001, 100.0, CRITICAL, THROTTLE"})
    void each_level_starts_exactly_at_its_boundary(String spend, String pct, String level, String action) throws Exception {
        JsonNode data = spendTwoHoursAgo("gpt-4o", spend);
        assertThat(data.get("global_utilization_pct").asText()).isEqualTo(pct);
        assertThat(data.get("alert_level").asText()).isEqualTo(level);
        assertThat(data.get("action").asText()).isEqualTo(action);
        assertThat(data.at("/by_model/gpt-4o/cap_usd").isNull()).isTrue();
    }

    @Test
    void an_incident_is_sent_once_per_level_crossing_with_the_figures() throws Exception {
        spendTwoHoursAgo("gpt-4o", "22.5");
        assertThat(pager.raised()).hasSize(1);
        Map<String, Object> warning = pager.raised().get(0);
        assertThat(warning.keySet()).containsExactly("severity", "msg", "source");
        assertThat(warning.get("severity")).isEqualTo("WARNING");
        assertThat(warning.get("source")).isEqualTo("cost_guardrails");
        assertThat((String) warning.get("msg")).startsWith("LLM spend WARNING: 90 % of a cost cap reached or forecast.")
                .contains("total 22.50 of 25 USD (90.0 %)", "gpt-4o 22.50 USD (no cap)");

        spendTwoHoursAgo("gpt-4o", "0.01");                  // still WARNING: nothing new
        daemon.call("costs-run", null);
        assertThat(pager.raised()).hasSize(1);

        spendTwoHoursAgo("gpt-4o-mini", "2.50");             // 25.01: CRITICAL
        daemon.call("costs-run", null);
        assertThat(pager.raised()).hasSize(2);
        Map<String, Object> critical = pager.raised().get(1);
        assertThat(critical.get("severity")).isEqualTo("CRITICAL");
        assertThat(critical.get("source")).isEqualTo("cost_guardrails");
        assertThat((String) critical.get("msg")).startsWith("LLM spend CRITICAL: a cost cap is reached, AI calls are throttled.")
                .contains("total 25.01 of 25 USD (100.04 %)", "gpt-4o-mini 2.50 USD (no cap)");

        clock.advance(Duration.ofHours(25));                 // back to OK, then over again: a new crossing
        daemon.call("costs-run", null);
        spendTwoHoursAgo("gpt-4o", "30");
        assertThat(pager.raised()).extracting(m -> m.get("severity")).containsExactly("WARNING", "CRITICAL", "CRITICAL");
    }

    @Test
    void a_forecast_over_the_cap_warns_early_and_says_so() throws Exception {
        // 2.00 in the last hour is 10 % of the cap now, but 48.00 a day at that rate
        JsonNode data = spend(clock.instant().minusSeconds(600), "gpt-4o", "2.00");
        assertThat(data.get("global_utilization_pct").asText()).isEqualTo("8.0");
        assertThat(data.get("forecast_usd").decimalValue()).isEqualByComparingTo("48.00");
        assertThat(data.get("alert_level").asText()).isEqualTo("WARNING");
        assertThat(data.get("action").asText()).isEqualTo("ALERT");
        assertThat(data.get("reason").asText()).contains("forecast", "48.00 USD", "over the daily cap (25 USD)");
        assertThat(pager.raised()).singleElement().satisfies(m -> assertThat(m.get("severity")).isEqualTo("WARNING"));
    }

    private JsonNode spendTwoHoursAgo(String model, String usd) throws Exception {
        return spend(clock.instant().minusSeconds(2 * 3600), model, usd);
    }

    /** Posts one event; the post runs the cost check, so the status has it at once. */
    private JsonNode spend(Instant ts, String model, String usd) throws Exception {
        RunningDaemon.Reply r = daemon.post("/api/costs/usage", "application/x-ndjson", Usage.event(ts, model, usd) + "\n");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        return daemon.get("/api/costs/status").json().get("data");
    }
}
