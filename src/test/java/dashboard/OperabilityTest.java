package dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import base.DiskGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.RunningDaemon;

/** The daemon's own health and metrics, read over real HTTP on MANAGEMENT_PORT. */
class OperabilityTest {
    @TempDir
    Path home;
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> management(RunningDaemon d, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.managementPort() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_is_up_and_names_the_own_checks_when_everything_is_writable() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).start()) {
            HttpResponse<String> r = management(d, "/observe/health?exposureLevel=full");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"UP\"").contains("state-db").contains("logs-folder")
                    .contains("data-folder");
            // what the raise path asks before acting, bound for the YAML routes as "diskGuard"
            assertThat(d.context().getRegistry().lookupByNameAndType("diskGuard", DiskGuard.class).canWrite()).isTrue();
        }
    }

    @Test
    void health_and_metrics_listen_on_management_host_and_not_on_the_api_address() throws Exception {
        // Linux answers on all of 127.0.0.0/8, so two loopback addresses stand for two interfaces
        try (RunningDaemon d = new RunningDaemon(home).set("MANAGEMENT_HOST", "127.0.0.2").start()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + d.managementPort()
                    + "/observe/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThatThrownBy(() -> management(d, "/observe/health")).isInstanceOf(java.net.ConnectException.class);
            assertThat(d.get("/api/slo/budget").status()).as("the API stays on HTTP_HOST").isIn(200, 503);
        }
    }

    @Test
    void health_goes_down_when_the_logs_folder_is_replaced_by_a_file() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).start()) {
            // every job has made its first run (the next is an hour away), so none recreates the folder
            await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of("slo_budget.json", "costs.json", "autoscale.json",
                    "incident_summary.json").allMatch(f -> Files.exists(d.logs().resolve(f))));
            // root ignores chmod, so make the folder impossible to write into: it becomes a file
            try (Stream<Path> files = Files.walk(d.logs())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.writeString(d.logs(), "not a folder");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> r = management(d, "/observe/health?exposureLevel=full");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).contains("\"status\":\"DOWN\"").contains("cannot write into the logs folder");
            });
        }
    }

    @Test
    void metrics_are_prometheus_text_with_camel_and_the_slo_figures() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).start()) {
            d.postJson("/api/metrics/requests", "[{\"ts\":" + System.currentTimeMillis() + ",\"status\":500,\"latency_ms\":100},"
                    + "{\"ts\":" + System.currentTimeMillis() + ",\"status\":200,\"latency_ms\":100}]");
            d.call("slo-budget-run", null);
            HttpResponse<String> r = management(d, "/observe/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            // 50 % of requests failed against a 1 % budget: burn 5000 %, nothing left
            assertThat(r.body()).contains("echopilot_slo_burn_rate_pct 5000.0")
                    .contains("echopilot_slo_remaining_budget_pct 0.0")
                    .contains("# HELP echopilot_slo_burn_rate_pct")
                    .contains("camel_exchanges_total");
        }
    }

    @Test
    void metrics_carry_spend_desired_workers_and_the_pager_figures() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).set("COST_CAP_DAILY_USD", "20").start()) {
            long threeHoursAgo = System.currentTimeMillis() - 3 * 3600_000L; // no spend in the last hour: no forecast warning
            d.post("/api/costs/usage", "application/x-ndjson", "{\"ts\":" + threeHoursAgo + ",\"model\":\"gpt-4o\",\"cost_usd\":5.5}\n");
            d.postJson("/api/incidents/raise", "{\"severity\":\"INFO\",\"msg\":\"metrics test\",\"source\":\"test\"}");
            d.call("costs-run", null);
            d.call("scale-run", null);
            d.call("incident-run", null);
            String body = management(d, "/observe/metrics").body();
            assertThat(body).contains("echopilot_costs_spent_24h_usd 5.5")
                    .contains("echopilot_costs_global_utilization_pct 27.5")
                    .contains("echopilot_scale_desired_workers 1.0")
                    .contains("echopilot_incidents_24h_total_incidents 1.0")
                    .contains("echopilot_incidents_24h_pages_pending 0.0");
        }
    }
}
