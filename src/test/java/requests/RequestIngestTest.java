package requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

/** Request events posted over HTTP or appended by the app, folded by the SLO run, end to end. */
class RequestIngestTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");

    @TempDir
    Path home;

    private RunningDaemon daemon() throws Exception {
        return new RunningDaemon(home).clock(new MutableClock(NOW)).start();
    }

    @Test
    void valid_lines_are_appended_and_bad_ones_reported_with_their_line_number() throws Exception {
        try (RunningDaemon d = daemon()) {
            String body = String.join("\n",
                    "{\"ts\":\"2025-10-20T17:59:58.120Z\",\"route\":\"/api/chat\",\"status\":200,\"latency_ms\":742.3}",
                    "{\"ts\":\"2025-10-20T17:59:59Z\",\"status\":\"500\",\"latency_ms\":10}",
                    "",
                    "{\"ts\":1760983000,\"status\":503,\"latency_ms\":1250.5}",
                    "{\"status\":200,\"latency_ms\":1}",
                    "{\"ts\":\"2025-10-20T17:59:59Z\",\"latency_ms\":-3}",
                    "[1,2]");
            RunningDaemon.Reply r = d.post("/api/metrics/requests", "application/x-ndjson", body);

            assertThat(r.status()).isEqualTo(200);
            JsonNode j = r.json();
            assertThat(j.get("accepted").asInt()).isEqualTo(2);
            assertThat(j.get("rejected").asInt()).isEqualTo(4);
            assertThat(j.get("errors").findValuesAsText("line")).containsExactly("2", "5", "6", "7");
            assertThat(j.get("errors").get(0).get("error").asText()).contains("\"status\" must be a whole number");
            assertThat(j.get("errors").get(1).get("error").asText()).contains("missing \"ts\"");
            List<String> appended = Files.readAllLines(d.logs().resolve("requests.ndjson"));
            assertThat(appended).hasSize(2).allMatch(l -> l.startsWith("{\"ts\""));
        }
    }

    @Test
    void a_json_array_is_accepted_and_its_items_numbered() throws Exception {
        try (RunningDaemon d = daemon()) {
            RunningDaemon.Reply r = d.postJson("/api/metrics/requests",
                    "[{\"ts\":1760983000,\"status\":200,\"latency_ms\":5},{\"ts\":true,\"latency_ms\":5}]");
            assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(r.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);
        }
    }

    @Test
    void an_empty_body_is_400_with_what_to_send() throws Exception {
        try (RunningDaemon d = daemon()) {
            RunningDaemon.Reply r = d.post("/api/metrics/requests", "application/x-ndjson", "\n\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).contains("NDJSON");
        }
    }

    @Test
    void posted_and_appended_events_show_in_the_budget_after_the_next_run_and_a_restart_never_counts_twice() throws Exception {
        try (RunningDaemon d = daemon()) {
            d.post("/api/metrics/requests", "application/x-ndjson",
                    "{\"ts\":\"2025-10-20T17:00:00Z\",\"status\":200,\"latency_ms\":100}\n"
                            + "{\"ts\":\"2025-10-20T17:00:00Z\",\"status\":500,\"latency_ms\":900}\n");
            Files.writeString(d.logs().resolve("requests.ndjson"),
                    "{\"ts\":\"2025-10-20T17:30:00Z\",\"status\":200,\"latency_ms\":300}\n", StandardOpenOption.APPEND);
            d.call("slo-budget-run", null);
            JsonNode data = d.get("/api/slo/budget").json().get("data");
            assertThat(data.get("total_requests").asInt()).isEqualTo(3);
            assertThat(data.get("failed_requests").asInt()).isEqualTo(1);
        }
        try (RunningDaemon again = daemon()) {
            again.call("slo-budget-run", null);
            JsonNode data = again.get("/api/slo/budget").json().get("data");
            assertThat(data.get("total_requests").asInt()).isEqualTo(3);
            assertThat(data.get("new_events").asInt()).isZero();
        }
    }
}
