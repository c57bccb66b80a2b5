package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import support.FakeTelegram;
import support.PostgresSchema;
import support.RunningDaemon;

/**
 * Two daemons (replicas "node-a" and "node-b", each with its own folders) on one PostgreSQL schema,
 * in one JVM: whichever replica acknowledged an event, it is counted once, and both answer the same.
 * Each replica is in cluster mode over its own lock folder, so both lead and run the jobs at once:
 * a partition, where only the database's fencing keeps counts single.
 */
@EnabledIfEnvironmentVariable(named = PostgresSchema.URL_VARIABLE, matches = "jdbc:postgresql:.*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedInputsReplicasTest {
    @TempDir
    static Path home;
    private FakeTelegram telegram;
    private RunningDaemon a;
    private RunningDaemon b;

    private RunningDaemon replica(String node, String db) throws Exception {
        return new RunningDaemon(home.resolve(node)).set("DB_URL", db).set("CLUSTER_NODE_ID", node)
                .set("CLUSTER_SERVICE", "file").set("CLUSTER_FILE_ROOT", home.resolve(node + "-lock").toString())
                .set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                .set("TELEGRAM_API_BASE_URL", telegram.baseUrl()).start();
    }

    @BeforeAll
    void start() throws Exception {
        String db = PostgresSchema.fresh();
        telegram = new FakeTelegram();
        a = replica("node-a", db);
        b = replica("node-b", db);
    }

    @AfterAll
    void stop() throws Exception {
        if (telegram != null) {
            telegram.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static String events(int n, int failedEvery, String ts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"ts\":\"").append(ts).append("\",\"route\":\"/api/chat\",\"status\":")
                    .append(i % failedEvery == 0 ? 503 : 200).append(",\"latency_ms\":").append(100 + i).append("}\n");
        }
        return sb.toString();
    }

    private static JsonNode budget(RunningDaemon d) throws Exception {
        return d.get("/api/slo/budget").json().get("data");
    }

    @Test
    void events_posted_to_both_replicas_are_counted_once_and_both_answer_the_same_totals() throws Exception {
        String ts = Instant.now().minusSeconds(120).toString();
        int posts = 20;
        int perPost = 25;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> accepted = new ArrayList<>();
        try {
            for (int i = 0; i < posts; i++) {
                RunningDaemon to = i % 2 == 0 ? a : b;
                accepted.add(pool.submit(() -> {
                    go.await();
                    RunningDaemon.Reply r = to.post("/api/metrics/requests", "application/x-ndjson", events(perPost, 5, ts));
                    assertThat(r.status()).as(r.text()).isEqualTo(200);
                    return r.json().get("accepted").asInt();
                }));
            }
            go.countDown();
            int acknowledged = 0;
            for (Future<Integer> f : accepted) {
                acknowledged += f.get();
            }
            assertThat(acknowledged).isEqualTo(posts * perPost);

            // a run on either replica counts what both acknowledged, once
            JsonNode onB = b.postJson("/api/slo/refresh", "").json().get("data");
            assertThat(onB.get("total_requests").asInt()).isEqualTo(acknowledged);
            assertThat(onB.get("failed_requests").asInt()).isEqualTo(acknowledged / 5);
            JsonNode onA = a.postJson("/api/slo/refresh", "").json().get("data");
            assertThat(onA.get("total_requests").asInt()).isEqualTo(acknowledged);
            assertThat(onA.get("p95_ms")).isEqualTo(onB.get("p95_ms"));
            // and both answer the budget the last run computed, wherever it ran
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(budget(b)).isEqualTo(budget(a)));
            assertThat(budget(b).get("total_requests").asInt()).isEqualTo(acknowledged);
            JsonNode history = a.get("/api/slo/history").json();
            assertThat(history.get("count").asInt()).as("the runs of both replicas").isGreaterThanOrEqualTo(2);
            assertThat(b.get("/api/slo/history").json()).isEqualTo(history);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void spend_posted_on_one_replica_changes_the_allow_decision_on_the_other_within_two_seconds() throws Exception {
        assertThat(a.postJson("/api/costs/set-cap", "{\"model\":\"claude-x\",\"cap_usd\":5}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> allowed(b, "claude-x"));
        String ts = Instant.now().minusSeconds(60).toString();
        RunningDaemon.Reply spent = a.post("/api/costs/usage", "application/x-ndjson",
                "{\"ts\":\"" + ts + "\",\"model\":\"claude-x\",\"cost_usd\":6.5}\n");
        assertThat(spent.status()).as(spent.text()).isEqualTo(200);
        long posted = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> !allowed(b, "claude-x"));
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(b.get("/api/costs/status").json().path("data")
                .path("total_spent_usd").decimalValue()).isEqualByComparingTo("6.5"));
    }

    @Test
    void an_incident_raised_on_one_replica_is_in_the_summary_of_the_other() throws Exception {
        String raise = "{\"severity\":\"WARNING\",\"msg\":\"replica summary check\",\"source\":\"replicas-test\"}";
        assertThat(a.postJson("/api/incidents/raise", raise).status()).isEqualTo(200);
        assertThat(b.postJson("/api/incidents/raise", raise).json().get("deduplicated").asBoolean())
                .as("the dedup window is shared").isTrue();
        JsonNode summary = b.postJson("/api/incidents/summary", "").json().get("summary");
        assertThat(summary.toString()).contains("replicas-test");
        assertThat(a.postJson("/api/incidents/summary", "").json().get("summary").get("totals"))
                .isEqualTo(summary.get("totals"));
    }

    private static boolean allowed(RunningDaemon d, String model) throws Exception {
        return d.get("/api/costs/allow?model=" + model).json().get("allowed").asBoolean();
    }
}
