package dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DaemonProcess;
import support.FakeTelegram;

/**
 * /observe/metrics of the daemon in its own JVM (every log line captured), after it has folded
 * requests, paged, suppressed a raise and run every job: the series an SRE alerts on carry the
 * values those events imply, Camel's meters register without failures and with snake_case labels,
 * and `promtool check metrics` (when installed; .ci/run installs it) has nothing to say.
 */
class PrometheusMetricsTest {
    @TempDir
    Path home;

    @Test
    void the_scrape_has_the_slo_pager_cost_job_and_jvm_series_and_promtool_finds_nothing_to_fix() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram(); DaemonProcess d = new DaemonProcess(home)) {
            d.set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                    .set("TELEGRAM_API_BASE_URL", telegram.baseUrl()).set("MODEL_CAPS_JSON", "{\"gpt-4o\":15}").start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> d.send("GET", "/api/slo/budget", null, null).statusCode() == 200);

            String now = Instant.now().minusSeconds(30).toString();
            String events = "{\"ts\":\"%s\",\"status\":200,\"latency_ms\":100}\n{\"ts\":\"%s\",\"status\":200,\"latency_ms\":700}\n"
                    + "{\"ts\":\"%s\",\"status\":200,\"latency_ms\":1100}\n{\"ts\":\"%s\",\"status\":503,\"latency_ms\":4000}\nnot json\n";
            d.send("POST", "/api/metrics/requests", "application/x-ndjson", events.formatted(now, now, now, now));
            Files.writeString(d.logs().resolve("requests.ndjson"), "not json either\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(d.send("POST", "/api/slo/refresh", null, null).statusCode()).isEqualTo(200);
            String raise = "{\"severity\":\"CRITICAL\",\"msg\":\"metrics page\",\"source\":\"test\"}";
            d.send("POST", "/api/incidents/raise", "application/json", raise);
            d.send("POST", "/api/incidents/raise", "application/json", raise); // suppressed by the dedup window
            d.send("POST", "/api/incidents/raise", "application/json", "{\"severity\":\"info\",\"msg\":\"fyi\"}");
            d.send("POST", "/api/costs/usage", "application/x-ndjson", "{\"ts\":\"" + now + "\",\"model\":\"gpt-4o\",\"cost_usd\":1.5}\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> telegram.deliveredContaining("metrics page").size() == 1);

            String body = await().atMost(Duration.ofSeconds(30)).until(() -> d.management("/observe/metrics").body(),
                    b -> b.contains("echopilot_page_attempts_total{channel=\"telegram\",result=\"delivered\"} 1.0"));

            // the app's requests, folded: 4 events, 1 failure, the one bad line the app appended (the API
            // refuses a posted one), latency buckets around the SLO targets
            assertThat(value(body, "echopilot_app_requests_total")).isEqualTo(4);
            assertThat(value(body, "echopilot_app_request_failures_total")).isEqualTo(1);
            assertThat(value(body, "echopilot_app_request_lines_skipped_total")).isEqualTo(1);
            assertThat(value(body, "echopilot_app_request_duration_seconds_bucket{le=\"0.1\"}")).isEqualTo(1);
            assertThat(value(body, "echopilot_app_request_duration_seconds_bucket{le=\"0.8\"}")).isEqualTo(2);
            assertThat(value(body, "echopilot_app_request_duration_seconds_bucket{le=\"1.2\"}")).isEqualTo(3);
            assertThat(value(body, "echopilot_app_request_duration_seconds_bucket{le=\"+Inf\"}")).isEqualTo(4);
            assertThat(value(body, "echopilot_app_request_duration_seconds_count")).isEqualTo(4);
            assertThat(value(body, "echopilot_app_request_duration_seconds_sum")).isBetween(5.8, 6.0);
            // the SLO: targets, the window, one failure in four against a 1 % budget burns 25x in every window
            assertThat(value(body, "echopilot_slo_latency_target_seconds{percentile=\"95\"}")).isEqualTo(0.8);
            assertThat(value(body, "echopilot_slo_latency_target_seconds{percentile=\"99\"}")).isEqualTo(1.2);
            assertThat(value(body, "echopilot_slo_objective_ratio")).isEqualTo(0.99);
            assertThat(value(body, "echopilot_slo_error_ratio")).isEqualTo(0.25);
            assertThat(value(body, "echopilot_slo_error_budget_remaining_ratio")).isEqualTo(0);
            assertThat(value(body, "echopilot_slo_latency_seconds{percentile=\"99\"}")).isBetween(3.9, 4.1);
            for (String window : new String[] {"5m", "30m", "1h", "6h", "24h", "3d"}) {
                assertThat(value(body, "echopilot_slo_burn_rate{window=\"" + window + "\"}")).as(window).isEqualTo(25);
            }
            assertThat(value(body, "echopilot_slo_burn_alert_firing{alert=\"page_1h_5m\"}")).isEqualTo(1);
            assertThat(value(body, "echopilot_slo_deploy_gate_active")).isZero();
            // the pager: raises by severity, the suppressed one, attempts by channel and result, nothing pending
            assertThat(value(body, "echopilot_incident_raises_total{severity=\"CRITICAL\"}")).isEqualTo(2);
            assertThat(value(body, "echopilot_incident_raises_total{severity=\"INFO\"}")).isEqualTo(1);
            assertThat(value(body, "echopilot_incident_raises_suppressed_total{severity=\"CRITICAL\"}")).isEqualTo(1);
            assertThat(value(body, "echopilot_page_attempts_total{channel=\"telegram\",result=\"failed\"}")).isZero();
            assertThat(value(body, "echopilot_pages_pending")).isZero();
            // spend per model and caps, workers, jobs
            assertThat(value(body, "echopilot_costs_model_spent_24h_usd{model=\"gpt-4o\"}")).isEqualTo(1.5);
            assertThat(value(body, "echopilot_costs_model_cap_usd{model=\"gpt-4o\"}")).isEqualTo(15);
            assertThat(value(body, "echopilot_costs_daily_cap_usd")).isEqualTo(25);
            assertThat(value(body, "echopilot_scale_current_workers")).isEqualTo(1);
            double startedAt = Instant.now().minusSeconds(120).getEpochSecond();
            for (String job : new String[] {"slo", "incidents", "costs", "scale"}) {
                assertThat(value(body, "echopilot_job_last_success_timestamp_seconds{job_name=\"" + job + "\"}")).as(job)
                        .isGreaterThan(startedAt);
                assertThat(value(body, "echopilot_job_interval_seconds{job_name=\"" + job + "\"}")).as(job).isEqualTo(3600);
            }
            // the JVM and the process
            assertThat(body).contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_", "jvm_threads_live_threads",
                    "process_cpu_usage", "system_cpu_processors", "process_uptime_seconds", "process_files_open_files");
            // Camel's route metrics, with snake_case labels, and nothing Camel failed to register
            assertThat(body).contains("camel_exchanges_total{camel_context=\"echopilot\"").contains("route_id=\"slo-budget-run\"")
                    .doesNotContain("routeId=").doesNotContain("camelContext=").doesNotContain("endpointName");
            assertThat(d.stderr()).doesNotContain("registration has failed");

            promtoolFindsNothing(body);
        }
    }

    /** `promtool check metrics` reads the scrape on stdin and prints one line per problem. */
    private void promtoolFindsNothing(String scrape) throws Exception {
        Path promtool = java.util.Arrays.stream(System.getenv("PATH").split(":")).map(p -> Path.of(p, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (promtool == null) {
            System.err.println("promtool not installed: `promtool check metrics` skipped (.ci/run installs Debian's prometheus)");
            return;
        }
        Path input = Files.writeString(home.resolve("scrape.txt"), scrape);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(input.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("promtool check metrics").isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    /** The value of one series (name with its labels as far as given) in Prometheus text. */
    private static double value(String body, String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : null;
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(body);
        while (m.find()) {
            String have = m.group(1) == null ? "" : m.group(1);
            if (labels == null ? have.isEmpty() : have.contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + body.lines().filter(l -> l.startsWith(name)).toList());
    }
}
