package slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import base.AtomicJsonWriter;
import base.NdjsonAppender;
import base.ReadPositions;
import base.ReportFiles;
import base.StateDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import requests.RequestLog;
import support.MutableClock;

/** The SLO math over real files and a real state DB, with a clock the test moves. */
class SloBudgetTest {
    static final Instant T0 = Instant.parse("2025-10-20T18:00:00Z");

    @TempDir
    Path home;
    MutableClock clock = new MutableClock(T0);
    StateDb db;
    NdjsonAppender appender = new NdjsonAppender();
    SloBudget slo;
    Path input;
    Path logs;

    @BeforeEach
    void build() {
        logs = home.resolve("logs");
        input = logs.resolve("requests.ndjson");
        db = new StateDb("jdbc:sqlite:" + home.resolve("state.db"));
        slo = budget(new SloTargets(new BigDecimal("800"), new BigDecimal("1200"), new BigDecimal("1.0"), 30));
    }

    private SloBudget budget(SloTargets targets) {
        RequestLog log = new RequestLog(input, db, new ReadPositions(db, "node-a"), 31, clock);
        return new SloBudget(targets, log, db, new AtomicJsonWriter(), new ReportFiles(logs, new AtomicJsonWriter(), appender), clock);
    }

    @AfterEach
    void close() {
        appender.close();
        db.close();
    }

    private void events(Instant ts, int count, int status, double latencyMs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append("{\"ts\":\"").append(ts).append("\",\"route\":\"/api/chat\",\"status\":").append(status)
                    .append(",\"latency_ms\":").append(latencyMs).append("}\n");
        }
        append(sb.toString());
    }

    private void append(String text) throws IOException {
        Files.createDirectories(logs);
        Files.writeString(input, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static double num(Map<String, Object> data, String key) {
        return ((Number) data.get(key)).doubleValue();
    }

    @Test
    void percentiles_are_within_one_percent_of_an_exact_sort_on_skewed_data() throws IOException {
        Random random = new Random(42);
        int n = 200_000;
        double[] latencies = new double[n];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // log-normal body with a heavy tail: most requests fast, a few very slow
            double v = Math.exp(5.5 + 0.6 * random.nextGaussian()) * (random.nextInt(100) == 0 ? 20 : 1);
            latencies[i] = Math.round(v * 10) / 10.0;
            long tsMillis = T0.minusSeconds(random.nextInt(2 * 24 * 3600)).toEpochMilli();
            sb.append(i % 3 == 0 ? "{\"ts\":" + tsMillis : "{\"ts\":\"" + Instant.ofEpochMilli(tsMillis) + "\"")
                    .append(",\"status\":200,\"latency_ms\":").append(latencies[i]).append("}\n");
        }
        append(sb.toString());
        Arrays.sort(latencies);
        double exact95 = latencies[(int) Math.ceil(0.95 * n) - 1];
        double exact99 = latencies[(int) Math.ceil(0.99 * n) - 1];

        Map<String, Object> data = slo.run().data();

        assertThat(num(data, "total_requests")).isEqualTo(n);
        assertThat(num(data, "p95_ms")).isCloseTo(exact95, within(exact95 * 0.01));
        assertThat(num(data, "p99_ms")).isCloseTo(exact99, within(exact99 * 0.01));
    }

    @Test
    void an_empty_window_has_no_errors_a_full_budget_and_ok() {
        Map<String, Object> data = slo.run().data();
        assertThat(num(data, "error_rate")).isZero();
        assertThat(num(data, "burn_rate_pct")).isZero();
        assertThat(num(data, "remaining_budget_pct")).isEqualTo(100);
        assertThat(num(data, "p95_ms")).isZero();
        assertThat(data.get("burn_alert")).isEqualTo("OK");
    }

    @Test
    void the_seed_example_figures_come_out_of_a_window_with_some_errors() throws IOException {
        // 0.8 % of requests failed within the window, 0.2 % in the last 24 h
        events(T0.minus(Duration.ofDays(3)), 994, 200, 500);
        events(T0.minus(Duration.ofDays(3)), 6, 503, 500);
        events(T0.minus(Duration.ofHours(2)), 998, 200, 500);
        events(T0.minus(Duration.ofHours(2)), 2, 500, 500);
        events(T0.minus(Duration.ofDays(31)), 50, 500, 500); // outside the 30-day window

        Map<String, Object> data = slo.run().data();

        assertThat(num(data, "total_requests")).isEqualTo(2000);
        assertThat(num(data, "error_rate")).isEqualTo(0.4);
        assertThat(num(data, "remaining_budget_pct")).isEqualTo(60.0);
        assertThat(num(data, "burn_rate_pct")).isEqualTo(20.0);
        assertThat(data.get("burn_alert")).isEqualTo("OK");
        assertThat(data.get("slo_targets")).hasToString("{p95_ms=800, p99_ms=1200, daily_error_budget_pct=1.0}");
    }

    @Test
    void failures_are_status_500_and_up_ok_false_or_an_error_but_not_4xx() throws IOException {
        append("""
                {"ts":"2025-10-20T17:00:00Z","status":404,"latency_ms":10}
                {"ts":"2025-10-20T17:00:00Z","status":500,"latency_ms":10}
                {"ts":"2025-10-20T17:00:00Z","ok":false,"latency_ms":10}
                {"ts":"2025-10-20T17:00:00Z","status":200,"error":"timeout","latency_ms":10}
                {"ts":"2025-10-20T17:00:00Z","status":200,"error":null,"latency_ms":10}
                not json at all
                {"ts":"yesterday","status":200,"latency_ms":10}
                """);
        Map<String, Object> data = slo.run().data();
        assertThat(num(data, "total_requests")).isEqualTo(5);
        assertThat(num(data, "failed_requests")).isEqualTo(3);
        assertThat(num(data, "skipped_lines")).isEqualTo(2);
    }

    @Test
    void the_deploy_gate_opens_after_two_hours_of_critical_and_rebaseline_lifts_it() throws IOException {
        events(T0.minus(Duration.ofMinutes(10)), 95, 200, 100);
        events(T0.minus(Duration.ofMinutes(10)), 5, 500, 100); // 5 % failed: burn 500 %
        Path flag = logs.resolve("deploy_gate.flag");

        assertThat(slo.run().data().get("burn_alert")).isEqualTo("CRITICAL");
        clock.advance(Duration.ofMinutes(119));
        SloRun at159 = slo.run();
        assertThat(at159.data().get("deploy_gate_active")).isEqualTo(false);
        assertThat(flag).doesNotExist();

        clock.advance(Duration.ofMinutes(2));
        SloRun at201 = slo.run();
        assertThat(at201.gateOpened()).isTrue();
        assertThat(at201.data().get("deploy_gate_active")).isEqualTo(true);
        assertThat(Files.readString(flag)).contains("\"since\":\"2025-10-20T20:01:00Z\"").contains("\"burn_rate_pct\":500.00");

        slo.rebaseline();
        assertThat(flag).doesNotExist();
        Map<String, Object> after = slo.run().data();
        assertThat(after.get("deploy_gate_active")).isEqualTo(false);
        assertThat(after.get("baseline")).isEqualTo("2025-10-20T20:01:00Z");
        assertThat(num(after, "total_requests")).as("the window starts at the baseline").isZero();
        assertThat(after.get("burn_alert")).isEqualTo("OK");
        assertThat(Files.readString(logs.resolve("slo_budget.ndjson"))).contains("\"event\":\"rebaseline\"");
    }

    @Test
    void the_gate_lifts_when_burn_falls_below_150_and_survives_a_restart_until_then() throws IOException {
        events(T0.minus(Duration.ofMinutes(10)), 95, 200, 100);
        events(T0.minus(Duration.ofMinutes(10)), 5, 500, 100);
        slo.run();
        clock.advance(Duration.ofMinutes(121));
        assertThat(slo.run().gateOpened()).isTrue();

        events(clock.instant().minusSeconds(60), 186, 200, 100); // 5 / 286 = 1.75 %: WARNING keeps the gate
        SloBudget restarted = budget(new SloTargets(new BigDecimal("800"), new BigDecimal("1200"), new BigDecimal("1.0"), 30));
        Map<String, Object> warning = restarted.run().data();
        assertThat(warning.get("burn_alert")).isEqualTo("WARNING");
        assertThat(warning.get("deploy_gate_active")).isEqualTo(true);

        events(clock.instant().minusSeconds(60), 114, 200, 100); // 5 / 400 = 1.25 %: below 150 %
        Map<String, Object> lifted = restarted.run().data();
        assertThat(lifted.get("deploy_gate_active")).isEqualTo(false);
        assertThat(logs.resolve("deploy_gate.flag")).doesNotExist();
    }

    @Test
    void burn_windows_fire_only_when_both_the_long_and_the_short_window_burn_fast() throws IOException {
        // 20 % failures in the last 3 minutes, none before: the 5-minute and 1-hour windows both burn fast
        events(T0.minus(Duration.ofMinutes(50)), 100, 200, 100);
        events(T0.minus(Duration.ofMinutes(3)), 80, 200, 100);
        events(T0.minus(Duration.ofMinutes(3)), 20, 500, 100);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> windows = (List<Map<String, Object>>) slo.run().data().get("burn_windows");
        Map<String, Object> fast = windows.get(0);
        assertThat(fast.get("name")).isEqualTo("page_1h_5m");
        assertThat(num(fast, "short_burn_rate")).isEqualTo(20.0);
        assertThat(num(fast, "long_burn_rate")).isEqualTo(10.0);
        assertThat(fast.get("firing")).as("1 h burns 10x < 14.4x").isEqualTo(false);

        events(T0.minus(Duration.ofMinutes(2)), 100, 500, 100);
        windows = castList(slo.run().data().get("burn_windows"));
        assertThat(num(windows.get(0), "long_burn_rate")).isGreaterThan(14.4);
        assertThat(windows.get(0).get("firing")).isEqualTo(true);
        List<String> names = new ArrayList<>();
        windows.forEach(w -> names.add((String) w.get("name")));
        assertThat(names).containsExactly("page_1h_5m", "page_6h_30m", "ticket_3d_6h");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @Test
    void remaining_budget_is_clamped_at_zero() throws IOException {
        events(T0.minus(Duration.ofHours(1)), 50, 500, 100);
        events(T0.minus(Duration.ofHours(1)), 50, 200, 100);
        Map<String, Object> data = slo.run().data();
        assertThat(num(data, "remaining_budget_pct")).isZero();
        assertThat(num(data, "burn_rate_pct")).isEqualTo(5000.0);
    }
}
