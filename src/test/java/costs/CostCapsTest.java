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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

/** set-cap in force at once and after a restart; allow with and without a fallback, and admin. */
class CostCapsTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private RunningDaemon daemon(MutableClock clock) {
        return new RunningDaemon(home).clock(clock)
                .set("MODEL_CAPS_JSON", "{\"gpt-4o\":15,\"gpt-4o-mini\":10}")
                .set("MODEL_FALLBACKS_JSON", "{\"gpt-4o\":\"gpt-4o-mini\"}")
                .set("MODEL_PRICES_JSON", "{\"claude-3-haiku\":{\"input_per_1k\":0.00025,\"output_per_1k\":0.00125}}");
    }

    @Test
    void a_lower_cap_throttles_at_once_switches_to_the_fallback_and_survives_a_restart() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        try (RunningDaemon d = daemon(clock).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(d.logs().resolve("costs.json")));
            RunningDaemon.Reply posted = d.post("/api/costs/usage", "application/json", "["
                    + Usage.event(NOW.minusSeconds(7200), "gpt-4o", "12.30") + ","
                    + Usage.event(NOW.minusSeconds(7200), "gpt-4o-mini", "6.20") + "]");
            assertThat(posted.json().get("accepted").asInt()).as(posted.text()).isEqualTo(2);
            assertThat(verdict(allow(d, "gpt-4o", null))).isEqualTo(decision(true, "gpt-4o"));

            RunningDaemon.Reply set = d.postJson("/api/costs/set-cap", "{\"model\":\"gpt-4o\",\"cap_usd\":10}");
            assertThat(set.status()).as(set.text()).isEqualTo(200);
            assertThat(set.json().get("old_cap_usd").asInt()).isEqualTo(15);
            assertThat(set.json().get("cap_usd").asInt()).isEqualTo(10);
            assertThat(set.json().at("/data/alert_level").asText()).isEqualTo("CRITICAL");
            assertThat(set.json().at("/data/action").asText()).isEqualTo("THROTTLE");
            assertThat(set.json().at("/data/by_model/gpt-4o/utilization_pct").asText()).isEqualTo("123.0");
            assertThat(set.json().at("/data/reason").asText()).contains("gpt-4o 12.30 USD is 123.0 % of its cap (10 USD)");

            JsonNode allowed = allow(d, "gpt-4o", null);
            assertThat(verdict(allowed)).isEqualTo(decision(true, "gpt-4o-mini"));
            assertThat(allowed.get("reason").asText()).contains("over its cap", "12.30 of 10 USD", "fallback gpt-4o-mini");
            assertThat(verdict(allow(d, "gpt-4o", "admin"))).isEqualTo(decision(true, "gpt-4o"));
            assertThat(verdict(allow(d, "gpt-4o-mini", null))).isEqualTo(decision(true, "gpt-4o-mini"));

            List<String> history = Files.readAllLines(d.logs().resolve("costs.ndjson"));
            JsonNode recorded = history.stream().map(CostCapsTest::tree).filter(n -> n.has("event")).findFirst().orElseThrow();
            assertThat(recorded.get("event").asText()).isEqualTo("set_cap");
            assertThat(recorded.get("model").asText()).isEqualTo("gpt-4o");
            assertThat(recorded.get("old_cap_usd").asInt()).isEqualTo(15);
            assertThat(recorded.get("new_cap_usd").asInt()).isEqualTo(10);
            assertThat(tree(history.get(history.size() - 1)).get("alert_level").asText()).isEqualTo("CRITICAL");
        }
        try (RunningDaemon d = daemon(clock).start()) {
            JsonNode data = d.get("/api/costs/status").json().get("data");
            assertThat(data.at("/by_model/gpt-4o/cap_usd").asInt()).isEqualTo(10);
            assertThat(data.get("alert_level").asText()).isEqualTo("CRITICAL");
            assertThat(verdict(allow(d, "gpt-4o", null))).isEqualTo(decision(true, "gpt-4o-mini"));

            // the fallback over its cap too: refused
            assertThat(d.postJson("/api/costs/set-cap", "{\"model\":\"gpt-4o-mini\",\"cap_usd\":6.2}").status()).isEqualTo(200);
            JsonNode refused = allow(d, "gpt-4o", null);
            assertThat(verdict(refused)).isEqualTo(decision(false, "gpt-4o"));
            assertThat(refused.get("reason").asText()).contains("fallback gpt-4o-mini is over its cap too");
            JsonNode noFallback = allow(d, "gpt-4o-mini", null);
            assertThat(verdict(noFallback)).isEqualTo(decision(false, "gpt-4o-mini"));
            assertThat(noFallback.get("reason").asText()).contains("no fallback in MODEL_FALLBACKS_JSON");
            assertThat(verdict(allow(d, "gpt-4o-mini", "admin"))).isEqualTo(decision(true, "gpt-4o-mini"));

            // a model cap removed with null: the model shows with cap_usd null and is allowed again
            RunningDaemon.Reply removed = d.postJson("/api/costs/set-cap", "{\"model\":\"gpt-4o\",\"cap_usd\":null}");
            assertThat(removed.json().get("cap_usd").isNull()).isTrue();
            assertThat(removed.json().at("/data/by_model/gpt-4o/cap_usd").isNull()).isTrue();
            assertThat(removed.json().at("/data/by_model/gpt-4o/spent_usd").asText()).isEqualTo("12.3");
            assertThat(verdict(allow(d, "gpt-4o", null))).isEqualTo(decision(true, "gpt-4o"));

            // the global cap reached: every model without a usable fallback is refused
            assertThat(d.postJson("/api/costs/set-cap", "{\"cap_usd\":18.5}").json().at("/data/global_utilization_pct").asText())
                    .isEqualTo("100.0");
            assertThat(verdict(allow(d, "claude-3-haiku", null))).isEqualTo(decision(false, "claude-3-haiku"));
            assertThat(allow(d, "claude-3-haiku", null).get("reason").asText()).contains("global daily cap is reached");
            assertThat(verdict(allow(d, "claude-3-haiku", "admin"))).isEqualTo(decision(true, "claude-3-haiku"));
        }
        try (RunningDaemon d = daemon(clock).start()) {
            JsonNode data = d.get("/api/costs/status").json().get("data");
            assertThat(data.get("daily_cap_usd").decimalValue()).isEqualByComparingTo("18.5");
            assertThat(data.at("/by_model/gpt-4o/cap_usd").isNull()).isTrue();
            assertThat(data.at("/by_model/gpt-4o-mini/cap_usd").decimalValue()).isEqualByComparingTo("6.2");
        }
    }

    @Test
    void token_only_events_are_priced_and_a_model_without_a_cap_still_shows_its_spend() throws Exception {
        try (RunningDaemon d = daemon(new MutableClock(NOW)).start()) {
            // 400k input tokens at 0.00025 + 80k output at 0.00125 per 1k = 0.10 + 0.10
            RunningDaemon.Reply r = d.post("/api/costs/usage", "application/x-ndjson",
                    "{\"ts\":\"2025-10-20T15:00:00Z\",\"model\":\"claude-3-haiku\",\"input_tokens\":400000,\"output_tokens\":80000}\n"
                            + "{\"ts\":\"2025-10-20T15:00:00Z\",\"model\":\"gpt-4o\",\"input_tokens\":1000}\n"
                            + "\n"
                            + "{\"ts\":\"2025-10-20T15:00:00Z\",\"model\":\"gpt-4o\"}\n"
                            + "{\"ts\":\"yesterday\",\"model\":\"gpt-4o\",\"cost_usd\":1}\n"
                            + "{\"ts\":\"2025-10-20T15:00:00Z\",\"model\":\"gpt-4o\",\"cost_usd\":-1}\n"
                            + "{\"ts\":\"2025-10-20T15:00:00Z\",\"model\":\"gpt-4o\",\"cost_usd\":1} {\"ts\":1}\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("accepted").asInt()).as(r.text()).isEqualTo(1);
            assertThat(r.json().get("rejected").asInt()).isEqualTo(5);
            JsonNode errors = r.json().get("errors");
            assertThat(errors.get(0).get("line").asInt()).isEqualTo(2);
            assertThat(errors.get(0).get("error").asText()).contains("no price for \"gpt-4o\" in MODEL_PRICES_JSON");
            assertThat(errors.get(1).get("line").asInt()).isEqualTo(4);
            assertThat(errors.get(1).get("error").asText()).contains("no \"cost_usd\"");
            assertThat(errors.get(2).get("line").asInt()).isEqualTo(5);
            assertThat(errors.get(2).get("error").asText()).contains("\"ts\"");
            assertThat(errors.get(3).get("error").asText()).contains("\"cost_usd\" must be");
            assertThat(errors.get(4).get("line").asInt()).as("two objects on one line are not one event").isEqualTo(7);

            JsonNode data = d.get("/api/costs/status").json().get("data");
            assertThat(data.at("/by_model/claude-3-haiku/spent_usd").decimalValue()).isEqualByComparingTo("0.20");
            assertThat(data.at("/by_model/claude-3-haiku/cap_usd").isNull()).isTrue();
            assertThat(data.at("/by_model/claude-3-haiku/utilization_pct").isNull()).isTrue();
            assertThat(data.at("/by_model/gpt-4o/spent_usd").decimalValue()).isEqualByComparingTo("0.00");
            assertThat(data.get("total_spent_usd").decimalValue()).isEqualByComparingTo("0.20");
            // only the valid line reached the usage file, as sent
            assertThat(Files.readAllLines(d.logs().resolve("ai_usage.ndjson"))).singleElement()
                    .satisfies(l -> assertThat(l).contains("\"input_tokens\":400000"));
        }
    }

    private static JsonNode allow(RunningDaemon d, String model, String priority) throws Exception {
        RunningDaemon.Reply r = d.get("/api/costs/allow?model=" + model + (priority == null ? "" : "&priority=" + priority));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    /** The answer without its reason, to compare with {@link #decision}. */
    private static JsonNode verdict(JsonNode answer) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = answer.deepCopy();
        assertThat(copy.remove("reason").asText()).isNotBlank();
        return copy;
    }

    private static JsonNode decision(boolean allowed, String useModel) {
        return JSON.createObjectNode().put("ok", true).put("allowed", allowed).put("use_model", useModel);
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
