package app;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import requests.RequestIntake;
import requests.RequestLog;
import routes.ApiKeyCheck;
import routes.ApiRoutes;
import routes.DashboardRoutes;
import routes.ErrorHandling;
import slo.SloApi;
import slo.SloBudget;
import slo.SloHistory;
import slo.SloRun;
import slo.SloTargets;

/**
 * Builds every bean of the daemon from the settings, in one place. Tests may bind a "clock"
 * before start; everything that reads the time gets it from here.
 */
public class AppConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(AppConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        // the YAML timers read these; a bad one should stop start-up here, naming the variable
        List.of("SLO_INTERVAL", "INCIDENT_INTERVAL", "COST_INTERVAL", "SCALE_INTERVAL").forEach(s::duration);
        Registry registry = context.getRegistry();
        requireFreePorts(s);
        Clock clock = clock(registry);
        Path logs = s.path("LOGS_DIR", Path.of("logs"));
        Path data = s.path("DATA_DIR", Path.of("data"));

        StateDb db = new StateDb(s.text("DB_URL", "jdbc:sqlite:" + data.resolve("echopilot.db")));
        NdjsonAppender appender = new NdjsonAppender();
        AtomicJsonWriter jsonWriter = new AtomicJsonWriter();
        ReportFiles reports = new ReportFiles(logs, jsonWriter, appender);
        ReadPositions positions = new ReadPositions(db);
        context.addService(new ClosingService(appender, db));
        registry.bind("stateDb", db);
        registry.bind("reportFiles", reports);
        OwnMetrics metrics = bindOperability(registry, db, logs);
        context.addRoutes(new ErrorHandling());
        context.addRoutes(new ApiRoutes(new ApiKeyCheck(dashboardKey(s))));
        context.addRoutes(new DashboardRoutes());

        SloTargets targets = SloTargets.from(s);
        RequestLog requestLog = new RequestLog(s.path("METRICS_REQUESTS_FILE", logs.resolve("requests.ndjson")),
                db, positions, Math.max(targets.windowDays(), 3) + 1, clock);
        SloBudget slo = new SloBudget(targets, requestLog, db, jsonWriter, reports, clock);
        registry.bind("requestLog", requestLog);
        registry.bind("requestIntake", new RequestIntake(requestLog, appender));
        registry.bind("sloBudget", slo);
        registry.bind("sloApi", new SloApi(slo));
        registry.bind("sloHistory", new SloHistory(reports.file("slo_budget.ndjson")));
        sloMetrics(metrics, slo);

        announce(context, s);
    }

    /**
     * Own health (DOWN when the state DB or the logs folder cannot be written) and own metrics:
     * camel-micrometer-prometheus publishes the registry bound as "metricsRegistry", so Camel's
     * meters and ours share /observe/metrics. Capabilities add theirs through "ownMetrics".
     */
    private static OwnMetrics bindOperability(Registry registry, StateDb db, Path logs) {
        OwnMetrics metrics = OwnMetrics.in(registry);
        registry.bind("ownMetrics", metrics);
        registry.bind("stateDbHealth", WritableCheck.stateDb(db));
        registry.bind("logsFolderHealth", WritableCheck.logsFolder(logs));
        return metrics;
    }

    /** One clear line instead of a daemon that runs without its HTTP server (one-shot mode has none). */
    private static void requireFreePorts(Settings s) {
        if (s.bool("camel.server.enabled")) {
            PortCheck.requireFree(s, "HTTP_HOST", "HTTP_PORT");
        }
        if (s.bool("camel.management.enabled")) {
            PortCheck.requireFree(s, "HTTP_HOST", "MANAGEMENT_PORT");
        }
    }

    private static void sloMetrics(OwnMetrics metrics, SloBudget slo) {
        metrics.gauge("slo_burn_rate_pct", "24 h error rate as % of the daily error budget (100 = burning exactly the budget)",
                () -> latestSlo(slo, "burn_rate_pct"));
        metrics.gauge("slo_remaining_budget_pct", "error budget left over the SLO window, 0..100",
                () -> latestSlo(slo, "remaining_budget_pct"));
    }

    private static double latestSlo(SloBudget slo, String field) {
        SloRun run = slo.latest();
        return run != null && run.data().get(field) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Clock clock(Registry registry) {
        Clock bound = registry.lookupByNameAndType("clock", Clock.class);
        if (bound != null) {
            return bound;
        }
        registry.bind("clock", Clock.systemUTC());
        return Clock.systemUTC();
    }

    private static String dashboardKey(Settings s) {
        return s.optional("DASHBOARD_KEY").orElseGet(() -> {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warn("DASHBOARD_KEY is not set; generated a key for this run only: {}", key);
            return key;
        });
    }

    /** The start-up banner, once every route runs: where to point a browser, curl and Prometheus. */
    private static void announce(CamelContext context, Settings s) throws Exception {
        if (!s.bool("camel.server.enabled")) {
            return; // one-shot mode: no server to announce
        }
        String host = s.text("HTTP_HOST", "0.0.0.0");
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        String base = "http://" + shown + ":" + s.integer("HTTP_PORT", 1, 65535);
        String management = "http://" + shown + ":" + s.integer("MANAGEMENT_PORT", 1, 65535);
        String key = s.optional("DASHBOARD_KEY").isPresent() ? "the value of DASHBOARD_KEY"
                : "generated for this run, printed once above (\"DASHBOARD_KEY is not set\"); set DASHBOARD_KEY to keep one";
        context.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext c, boolean alreadyStarted) {
                // the banner waits for onCamelContextFullyStarted, when the HTTP servers listen
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext c, boolean alreadyStarted) {
                LOG.info("EchoPilot Reliability is running (listening on {}):\n  dashboard  {}/dashboard\n  API        {}/api/..."
                        + " with header X-Dash-Key: {}\n  health     {}/observe/health\n  metrics    {}/observe/metrics (Prometheus)",
                        host, base, base, key, management, management);
            }
        });
    }
}
