package foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.RunningDaemon;

class StartupTest {
    @TempDir
    Path home;

    static final List<String> EXPECTED_ROUTES = List.of("api", "slo-budget-timer", "slo-budget-run",
            "api-slo-budget", "api-slo-rebaseline", "api-metrics-requests",
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
    void a_malformed_setting_stops_start_up_with_one_line_naming_it() throws Exception {
        Process p = javaProcess("app.App", "SLO_WINDOW_DAYS", "abc");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("echopilot: cannot start: SLO_WINDOW_DAYS: 'abc' is not a whole number");
    }

    @Test
    void a_malformed_duration_names_the_variable() throws Exception {
        Process p = javaProcess("app.App", "SLO_INTERVAL", "soon");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("SLO_INTERVAL: 'soon' is not a duration");
    }

    @Test
    void one_shot_mode_prints_the_slo_json_and_writes_the_files() throws Exception {
        Process p = javaProcess("app.Once", "SLO_WINDOW_DAYS", "30", "slo");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("\"ok\" : true").contains("\"burn_alert\" : \"OK\"");
        assertThat(home.resolve("logs/slo_budget.json")).exists();
        assertThat(home.resolve("logs/slo_budget.ndjson")).exists();
    }

    private Process javaProcess(String mainClass, String var, String value, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().put(var, value);
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.environment().put("HTTP_PORT", String.valueOf(RunningDaemon.freePort()));
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(RunningDaemon.freePort()));
        pb.environment().put("LOGS_DIR", home.resolve("logs").toString());
        pb.environment().put("DATA_DIR", home.resolve("data").toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }
}
