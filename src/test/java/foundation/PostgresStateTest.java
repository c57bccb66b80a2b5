package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import support.FakeTelegram;
import support.PostgresSchema;
import support.RunningDaemon;

/**
 * The state database on a real PostgreSQL server, by DB_URL alone: every repository creates its
 * tables and runs its SQL there. .ci/run starts a local server and sets ECHOPILOT_TEST_PG_URL
 * (e.g. jdbc:postgresql://127.0.0.1:5432/echopilot_test?user=echopilot&password=echopilot).
 */
@EnabledIfEnvironmentVariable(named = "ECHOPILOT_TEST_PG_URL", matches = "jdbc:postgresql:.*")
class PostgresStateTest {
    @TempDir
    Path home;

    private RunningDaemon daemon(String dbUrl, FakeTelegram telegram) throws Exception {
        return new RunningDaemon(home).set("DB_URL", dbUrl).set("TELEGRAM_API_BASE_URL", telegram.baseUrl())
                .set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT).start();
    }

    @Test
    void every_capability_keeps_its_state_in_postgresql_across_a_restart() throws Exception {
        String db = PostgresSchema.fresh();
        String now = Instant.now().minusSeconds(60).toString();
        try (FakeTelegram telegram = new FakeTelegram(); RunningDaemon d = daemon(db, telegram)) {
            RunningDaemon.Reply ingest = d.post("/api/metrics/requests", "application/x-ndjson",
                    "{\"ts\":\"" + now + "\",\"status\":200,\"latency_ms\":120}\n{\"ts\":\"" + now + "\",\"status\":503,\"latency_ms\":900}\n");
            assertThat(ingest.json().get("accepted").asInt()).isEqualTo(2);
            JsonNode slo = d.postJson("/api/slo/refresh", "").json().get("data");
            assertThat(slo.get("total_requests").asInt()).isEqualTo(2);
            assertThat(slo.get("failed_requests").asInt()).isEqualTo(1);

            String raise = "{\"severity\":\"CRITICAL\",\"msg\":\"primary database lost\",\"source\":\"pg-test\"}";
            assertThat(d.postJson("/api/incidents/raise", raise).json().get("deduplicated").asBoolean()).isFalse();
            assertThat(d.postJson("/api/scale/apply", "").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> telegram.deliveredContaining("primary database lost").size() == 1);
        }
        try (FakeTelegram telegram = new FakeTelegram(); RunningDaemon again = daemon(db, telegram)) {
            JsonNode slo = again.postJson("/api/slo/refresh", "").json().get("data");
            assertThat(slo.get("total_requests").asInt()).as("aggregates reloaded from PostgreSQL").isEqualTo(2);
            assertThat(slo.get("new_events").asInt()).as("read offset kept in PostgreSQL").isZero();
            String raise = "{\"severity\":\"CRITICAL\",\"msg\":\"primary database lost\",\"source\":\"pg-test\"}";
            JsonNode repeat = again.postJson("/api/incidents/raise", raise).json();
            assertThat(repeat.get("deduplicated").asBoolean()).as("dedup window kept in PostgreSQL").isTrue();
            // the incident lifecycle's tables and queries on PostgreSQL
            String ack = "{\"fingerprint\":\"" + repeat.get("fingerprint").asText() + "\",\"by\":\"ana\"}";
            assertThat(again.postJson("/api/incidents/ack", ack).status()).isEqualTo(200);
            assertThat(again.postJson("/api/incidents/ack", ack).status()).isEqualTo(409);
            JsonNode listed = again.get("/api/incidents?status=acknowledged").json().get("incidents");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("count").asLong()).isEqualTo(2);
            assertThat(again.postJson("/api/incidents/silences", "{\"matchers\":{\"msg_regex\":\"^disk\"},\"duration_min\":5,"
                    + "\"created_by\":\"ana\"}").status()).isEqualTo(200);
            assertThat(again.postJson("/api/incidents/raise", "{\"severity\":\"ERROR\",\"msg\":\"disk 91 %\"}").json()
                    .get("routing").asText()).isEqualTo("silenced");
            assertThat(again.postJson("/api/incidents/resolve", ack).status()).isEqualTo(200);
            JsonNode summary = again.postJson("/api/incidents/summary", "").json().get("summary");
            assertThat(summary.get("resolved").asLong()).isEqualTo(1);
            assertThat(summary.get("silenced_raises").asLong()).isEqualTo(1);
            assertThat(summary.get("mean_time_to_resolve_seconds").isNumber()).isTrue();
        }
    }
}
