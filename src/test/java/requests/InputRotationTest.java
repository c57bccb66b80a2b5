package requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

/** The requests input and the SLO history rotated at a few KiB (LOGS_MAX_MB) while events are posted and folded. */
class InputRotationTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    private static final String EVENT = "{\"ts\":\"2025-10-20T17:%02d:00Z\",\"route\":\"/api/chat\",\"status\":%d,\"latency_ms\":%d}";

    @TempDir
    Path home;

    private static String batch(int thread, int round) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append(String.format(EVENT, (round + i) % 60, i == 0 ? 500 : 200, 100 + thread * 10 + i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void events_posted_while_the_slo_job_folds_and_rotates_the_input_are_each_counted_exactly_once() throws Exception {
        int threads = 3;
        int rounds = 40;
        try (RunningDaemon d = new RunningDaemon(home).clock(new MutableClock(NOW))
                .set("LOGS_MAX_MB", "0.004").set("LOGS_KEEP", "1000").start()) {
            Path requests = d.logs().resolve("requests.ndjson");
            AtomicBoolean posting = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            List<Future<?>> posts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                posts.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        assertThat(d.post("/api/metrics/requests", "application/x-ndjson", batch(thread, r)).json()
                                .get("accepted").asInt()).isEqualTo(10);
                    }
                    return null;
                }));
            }
            Future<?> folding = pool.submit(() -> {
                while (posting.get()) {
                    d.call("slo-budget-run", null); // folds, and rotates the input once it is read to its end
                }
                return null;
            });
            for (Future<?> p : posts) {
                p.get();
            }
            posting.set(false);
            folding.get();
            pool.shutdown();
            d.call("slo-budget-run", null);

            JsonNode data = d.get("/api/slo/budget").json().get("data");
            assertThat(data.get("total_requests").asInt()).isEqualTo(threads * rounds * 10);
            assertThat(data.get("failed_requests").asInt()).isEqualTo(threads * rounds);
            assertThat(requests.resolveSibling("requests.ndjson.2")).as("the input was rotated more than once").exists();
            long lines = 0;
            for (int n = 1; Files.exists(requests.resolveSibling("requests.ndjson." + n)); n++) {
                lines += Files.readAllLines(requests.resolveSibling("requests.ndjson." + n)).size();
            }
            lines += Files.exists(requests) ? Files.readAllLines(requests).size() : 0;
            assertThat(lines).as("no posted line lost or written twice by a rotation").isEqualTo(threads * rounds * 10L);

            // a folded input past the limit is rotated by the next run even with no new events
            d.post("/api/metrics/requests", "application/x-ndjson", batch(0, 0).repeat(10));
            d.call("slo-budget-run", null);
            assertThat(Files.exists(requests) ? Files.size(requests) : 0).isZero();
            assertThat(d.get("/api/slo/budget").json().get("data").get("total_requests").asInt())
                    .isEqualTo(threads * rounds * 10 + 100);
        }
    }

    @Test
    void the_slo_history_spans_a_rotation_of_its_file() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).clock(new MutableClock(NOW))
                .set("LOGS_MAX_MB", "0.002").set("LOGS_KEEP", "5").start()) {
            Path history = d.logs().resolve("slo_budget.ndjson");
            while (!Files.exists(history.resolveSibling("slo_budget.ndjson.1"))) {
                d.call("slo-budget-run", null);
            }
            int inCurrent = Files.exists(history) ? Files.readAllLines(history).size() : 0;
            int inRotated = Files.readAllLines(history.resolveSibling("slo_budget.ndjson.1")).size();
            int asked = inCurrent + inRotated;

            JsonNode reply = d.get("/api/slo/history?limit=" + asked).json();

            assertThat(inRotated).isPositive();
            assertThat(reply.get("count").asInt()).as("the current file's %d lines and the rotated file's %d", inCurrent, inRotated)
                    .isEqualTo(asked);
        }
    }
}
