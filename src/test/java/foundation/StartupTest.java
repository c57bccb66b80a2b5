package foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.ApiTable;
import support.DaemonProcess;
import support.RunningDaemon;

class StartupTest {
    @TempDir
    Path home;

    static final List<String> EXPECTED_ROUTES = List.of("api-openapi", "slo-budget-timer", "slo-budget-run",
            "api-slo-budget", "api-slo-rebaseline", "api-slo-refresh", "api-metrics-requests",
            "scale-timer", "scale-run", "scale-apply", "scale-actuator", "api-scale-status", "api-scale-apply", "api-scale-metrics",
            "api-portal-receipts", "api-portal-download",
            "incident-raise", "incident-timer", "incident-run", "api-incidents-raise", "api-incidents-summary",
            "api-slo-history", "api-slo-gate", "dashboard", "cluster-heartbeat", "api-cluster-status",
            "costs-timer", "costs-run", "api-costs-status", "api-costs-allow", "api-costs-set-cap", "api-costs-usage");

    @Test
    void every_expected_route_is_started() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).start()) {
            for (String id : EXPECTED_ROUTES) {
                assertThat(d.context().getRouteController().getRouteStatus(id)).as(id).isEqualTo(ServiceStatus.Started);
            }
        }
    }

    @Test
    void every_operation_of_the_rest_blocks_has_a_started_route_named_by_its_id() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).start()) {
            List<String> restRoutes = d.context().getRoutes().stream()
                    .filter(r -> r.getEndpoint().getEndpointUri().startsWith("rest:")).map(Route::getRouteId).toList();
            assertThat(restRoutes).hasSize(new ApiTable(d.context()).endpoints().size())
                    .contains("sloBudget", "portalDownload", "openApiDocument");
            for (String id : restRoutes) {
                assertThat(d.context().getRouteController().getRouteStatus(id)).as(id).isEqualTo(ServiceStatus.Started);
            }
        }
    }

    @Test
    void a_malformed_setting_stops_start_up_with_one_line_naming_it() throws Exception {
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of("SLO_WINDOW_DAYS", "abc"), "app.App");
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(p.err()).contains("echopilot: cannot start: SLO_WINDOW_DAYS: 'abc' is not a whole number");
    }

    @Test
    void a_malformed_duration_names_the_variable() throws Exception {
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of("SLO_INTERVAL", "soon"), "app.App");
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(p.err()).contains("SLO_INTERVAL: 'soon' is not a duration");
    }

    @Test
    void one_shot_mode_prints_the_slo_json_and_writes_the_files() throws Exception {
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of(), "app.Once", "slo");
        String out = p.out();
        assertThat(p.exitCode()).as(out).isZero();
        assertThat(out).contains("\"ok\" : true").contains("\"burn_alert\" : \"OK\"");
        assertThat(home.resolve("logs/slo_budget.json")).exists();
        assertThat(home.resolve("logs/slo_budget.ndjson")).exists();
    }

    @Test
    void an_invalid_request_event_line_is_logged_with_its_reason_and_text() throws Exception {
        java.nio.file.Files.createDirectories(home.resolve("logs"));
        java.nio.file.Files.writeString(home.resolve("logs/requests.ndjson"),
                "{\"ts\":1761069366,\"latency_ms\":12}\n{\"ts\":\"2026-02-31T10:00:00Z\",\"latency_ms\":5}\n");
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of(), "app.Once", "slo");
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(p.err()).contains("skipped 1 line(s) that are not valid request events; the first: "
                + "{\"ts\":\"2026-02-31T10:00:00Z\",\"latency_ms\":5} (\"ts\" is not a timestamp: 2026-02-31T10:00:00Z)");
    }

    @Test
    void a_second_process_on_the_same_data_dir_is_refused_with_what_to_do() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).start()) {
            DaemonProcess.Finished p = DaemonProcess.run(home, Map.of(), "app.Once", "slo");
            assertThat(p.exitCode()).isEqualTo(2);
            assertThat(p.err()).contains("DATA_DIR: another EchoPilot process is using").contains("POST /api/slo/refresh");
        }
        DaemonProcess.Finished after = DaemonProcess.run(home, Map.of(), "app.Once", "slo");
        assertThat(after.exitCode()).as("the lock is released when the daemon stops").isZero();
    }
}
