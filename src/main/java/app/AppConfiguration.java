package app;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import costs.CostSettings;
import costs.Costs;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import requests.RequestIntake;
import requests.RequestLog;
import routes.ApiKeyCheck;
import routes.ApiRoutes;
import routes.ErrorHandling;
import slo.SloApi;
import slo.SloBudget;
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
        context.addRoutes(new ErrorHandling());
        context.addRoutes(new ApiRoutes(new ApiKeyCheck(dashboardKey(s))));

        SloTargets targets = SloTargets.from(s);
        RequestLog requestLog = new RequestLog(s.path("METRICS_REQUESTS_FILE", logs.resolve("requests.ndjson")),
                db, positions, Math.max(targets.windowDays(), 3) + 1, clock);
        SloBudget slo = new SloBudget(targets, requestLog, db, jsonWriter, reports, clock);
        registry.bind("requestLog", requestLog);
        registry.bind("requestIntake", new RequestIntake(requestLog, appender));
        registry.bind("sloBudget", slo);
        registry.bind("sloApi", new SloApi(slo));
        bindCosts(s, registry, logs, db, positions, appender, reports, clock);

        announce(s);
    }

    /** Cost guardrails (seed phase 79): beans costGuard, usageIntake, costsApi. */
    private static void bindCosts(Settings s, Registry registry, Path logs, StateDb db, ReadPositions positions,
                                  NdjsonAppender appender, ReportFiles reports, Clock clock) {
        Costs costs = Costs.create(CostSettings.from(s), s.path("METRICS_USAGE_FILE", logs.resolve("ai_usage.ndjson")),
                db, positions, appender, reports, clock);
        registry.bind("costGuard", costs.guard());
        registry.bind("usageIntake", costs.intake());
        registry.bind("costsApi", costs.api());
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

    private static void announce(Settings s) {
        String base = "http://127.0.0.1:" + s.integer("HTTP_PORT", 1, 65535);
        LOG.info("EchoPilot Reliability: API {}/api/... (X-Dash-Key), dashboard {}/dashboard, health and metrics"
                + " http://127.0.0.1:{}/observe/health and /observe/metrics", base, base, s.integer("MANAGEMENT_PORT", 1, 65535));
    }
}
