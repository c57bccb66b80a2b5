package costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import support.RunningDaemon;

/** Bad bodies and parameters are answered 400 with what to change, and change nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostBadInputTest {
    @TempDir
    static Path home;
    RunningDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).set("MODEL_CAPS_JSON", "{\"gpt-4o\":15}").start();
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
    }

    @ParameterizedTest(name = "set-cap {0} -> 400 ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "{bad|the body is not valid JSON",
            "[10]|the body must be a JSON object",
            "{}|missing cap_usd",
            "{\"cap_usd\":0}|cap_usd must be a number of USD greater than 0",
            "{\"cap_usd\":-5}|cap_usd must be a number of USD greater than 0",
            "{\"model\":\"gpt-4o\",\"cap_usd\":\"10\"}|cap_usd must be a number of USD greater than 0",
            "{\"cap_usd\":true}|cap_usd must be a number",
            "{\"cap_usd\":null}|the daily cap cannot be removed",
            "{\"cap_usd\":10,\"currency\":\"EUR\"}|unknown field \"currency\"",
            "{\"model\":\"\",\"cap_usd\":10}|model must be the model's name",
            "{\"model\":42,\"cap_usd\":10}|model must be the model's name"})
    void a_bad_set_cap_body_is_refused_and_changes_nothing(String body, String message) throws Exception {
        RunningDaemon.Reply r = daemon.postJson("/api/costs/set-cap", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.json().get("error").asText()).contains(message).contains("send {\"cap_usd\":N}");
        RunningDaemon.Reply status = daemon.get("/api/costs/status");
        assertThat(status.json().at("/data/daily_cap_usd").decimalValue()).isEqualByComparingTo("25.0");
        assertThat(status.json().at("/data/by_model/gpt-4o/cap_usd").asInt()).isEqualTo(15);
        assertThat(Files.exists(daemon.logs().resolve("costs.ndjson"))
                && Files.readString(daemon.logs().resolve("costs.ndjson")).contains("set_cap")).isFalse();
    }

    @ParameterizedTest(name = "allow?{0} -> 400")
    @CsvSource(delimiter = '|', value = {"|missing or bad model", "model=|missing or bad model",
            "model=gpt-4o&priority=urgent|priority must be admin or normal"})
    void a_bad_allow_question_is_refused(String query, String message) throws Exception {
        RunningDaemon.Reply r = daemon.get("/api/costs/allow" + (query == null ? "" : "?" + query));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains(message);
    }

    @Test
    void a_usage_body_that_is_a_broken_array_or_empty_is_refused() throws Exception {
        RunningDaemon.Reply broken = daemon.postJson("/api/costs/usage", "[{\"ts\":1761069366,");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("error").asText()).contains("not valid JSON");
        RunningDaemon.Reply empty = daemon.post("/api/costs/usage", "application/x-ndjson", "\n\n");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error").asText()).contains("no events in the body").contains("\"model\":\"gpt-4o\"");
        Path usage = daemon.logs().resolve("ai_usage.ndjson");
        assertThat(Files.exists(usage) && Files.readString(usage).contains("1761069366")).isFalse();
    }

    @Test
    void reaching_critical_without_the_pager_route_still_answers_at_once_and_publishes() throws Exception {
        // no direct:incident-raise here: reaching CRITICAL still answers at once and publishes
        long start = System.nanoTime();
        RunningDaemon.Reply r = daemon.post("/api/costs/usage", "application/x-ndjson",
                Usage.event(java.time.Instant.now().minusSeconds(7200), "gpt-4o", "16") + "\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(daemon.get("/api/costs/status").json().at("/data/alert_level").asText()).isEqualTo("CRITICAL");
        assertThat(daemon.readLog("costs.json")).contains("\"alert_level\":\"CRITICAL\"");
    }
}
