package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import support.RunningDaemon;

/**
 * The operations answered on the HTTP event loop (GET /api/slo/budget, GET /api/costs/allow, POST
 * /api/incidents/raise): a raise waiting for its commit holds no thread, and the answers carry
 * what the stock consumer's did and nothing of the exchange.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventLoopAnswersTest {
    /** More than Vert.x's worker pool (20): with one parked worker per raise, every other call would queue behind them. */
    static final int RAISES = 40;
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

    @Test
    void raises_waiting_on_a_busy_state_db_leave_the_worker_threads_to_every_other_call() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> raises = new ArrayList<>();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + daemon.data().resolve("echopilot.db"));
             Statement st = other.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
            st.execute("BEGIN IMMEDIATE"); // another writer holds the database: every commit waits
            int before = daemon.context().getInflightRepository().size();
            for (int i = 0; i < RAISES; i++) {
                raises.add(http.sendAsync(raise("waits for the write lock " + i), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> daemon.context().getInflightRepository().size() >= before + RAISES);

            // served by a worker thread (it reads the state database): answered while the raises still wait
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents?limit=5")))
                    .header("X-Dash-Key", RunningDaemon.KEY).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            assertThat(raises).as("no raise is answered before its commit").noneMatch(CompletableFuture::isDone);
            st.execute("ROLLBACK");
        }
        for (CompletableFuture<HttpResponse<String>> r : raises) {
            HttpResponse<String> answer = r.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"routing\":");
        }
        assertThat(daemon.readLog("incidents.ndjson").lines().filter(l -> l.contains("waits for the write lock"))).hasSize(RAISES);
    }

    @Test
    void an_answer_from_the_event_loop_has_its_status_type_and_length_and_no_exchange_headers() throws Exception {
        RunningDaemon.Reply allow = daemon.get("/api/costs/allow?model=gpt-4o");
        assertThat(allow.status()).as(allow.text()).isEqualTo(200);
        assertThat(allow.header("Content-Type")).isEqualTo("application/json");
        assertThat(allow.header("Content-Length")).isEqualTo(String.valueOf(allow.body().length));
        assertThat(allow.json().get("allowed").asBoolean()).isTrue();
        assertThat(allow.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel") || h.equalsIgnoreCase("x-dash-key"));

        RunningDaemon.Reply refused = daemon.send(HttpRequest.newBuilder(URI.create(daemon.url("/api/costs/allow?model=gpt-4o")))
                .GET().build());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).contains("X-Dash-Key");

        RunningDaemon.Reply badRaise = daemon.postJson("/api/incidents/raise", "{\"severity\":\"LOUD\",\"msg\":\"x\"}");
        assertThat(badRaise.status()).isEqualTo(400);
        assertThat(badRaise.json().get("error").asText()).contains("severity");
    }

    @Test
    void the_api_listens_on_an_event_loop_per_core() {
        // the hot operations run on the event loops: with one, they would all share one core
        long loops = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("vert.x-eventloop-thread-")).distinct().count();
        assertThat(loops).isGreaterThanOrEqualTo(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    private HttpRequest raise(String msg) {
        return HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents/raise"))).header("X-Dash-Key", RunningDaemon.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"severity\":\"WARNING\",\"msg\":\"" + msg + "\",\"source\":\"loop\"}"))
                .build();
    }
}
