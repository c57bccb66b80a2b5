package app;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portal.LinkSigner;
import portal.PortalAccessLog;
import portal.PortalApi;
import portal.ReceiptCatalog;
import portal.ReceiptFiles;
import requests.RequestIntake;
import requests.RequestLog;
import routes.ApiKeyCheck;
import routes.ApiRoutes;
import routes.ErrorHandling;
import scale.Autoscaler;
import scale.CamelActuator;
import scale.GaugeStore;
import scale.ScaleApi;
import scale.ScaleSettings;
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

        InstanceLock instance = InstanceLock.acquire(data);
        try {
            StateDb db = new StateDb(s.text("DB_URL", "jdbc:sqlite:" + data.resolve("echopilot.db")));
            NdjsonAppender appender = new NdjsonAppender();
            AtomicJsonWriter jsonWriter = new AtomicJsonWriter();
            ReportFiles reports = new ReportFiles(logs, jsonWriter, appender);
            ReadPositions positions = new ReadPositions(db);
            context.addService(new ClosingService(appender, db, instance));
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
            bindScale(context, s, logs, db, jsonWriter, reports, requestLog, clock);
            bindPortal(s, registry, data, logs, appender, clock);
            bindIncidents(context, s, db, reports, clock);
        } catch (Exception e) {
            instance.close(); // a start that failed must not keep DATA_DIR locked
            throw e;
        }
        announce(s);
    }

    private static void bindScale(CamelContext context, Settings s, Path logs, StateDb db, AtomicJsonWriter jsonWriter,
                                  ReportFiles reports, RequestLog requestLog, Clock clock) {
        ScaleSettings settings = ScaleSettings.from(s, logs);
        GaugeStore gauges = new GaugeStore(s.path("METRICS_QUEUE_FILE", logs.resolve("queue.json")), db, jsonWriter);
        Autoscaler autoscaler = new Autoscaler(settings, requestLog, gauges, db, reports.file("deploy_gate.flag"),
                new CamelActuator(context, settings.actuatorUri()), clock);
        context.getRegistry().bind("autoscaler", autoscaler);
        context.getRegistry().bind("scaleApi", new ScaleApi(autoscaler, gauges, clock));
    }

    /** Customer portal (seed phase 78): receipts, signed links, access log. No secret: it answers 503. */
    private static void bindPortal(Settings s, Registry registry, Path data, Path logs, NdjsonAppender appender, Clock clock) {
        Optional<LinkSigner> signer = LinkSigner.from(s, clock);
        if (signer.isEmpty()) {
            LOG.warn("{} is not set; /api/portal/* answer 503 until it is (at least 32 random bytes, e.g. openssl rand -hex 32)",
                    LinkSigner.SECRET);
        }
        ReceiptCatalog catalog = new ReceiptCatalog(data.resolve("receipts.ndjson"));
        catalog.skippedLines(); // reads the file now, so malformed lines are reported at start
        PortalAccessLog access = new PortalAccessLog(logs.resolve("portal_access.ndjson"), appender, clock, s.bool("TRUST_PROXY"));
        registry.bind("portalApi", new PortalApi(catalog, new ReceiptFiles(data.resolve("receipts")), signer, access));
    }

    /** The incident inbox and pager (seed phase 77): channels, outbox, dedup, the raise route's beans. */
    private static void bindIncidents(CamelContext context, Settings s, StateDb db, ReportFiles reports, Clock clock)
            throws Exception {
        incidents.GroupCommit writes = new incidents.GroupCommit(db);
        Optional<String> token = s.optional("TELEGRAM_BOT_TOKEN");
        Optional<String> smtpPass = s.optional("SMTP_PASS");
        incidents.SecretScrubber scrubber = new incidents.SecretScrubber(
                java.util.Arrays.asList(token.orElse(null), smtpPass.orElse(null)));
        List<incidents.Channel> channels = new java.util.ArrayList<>();
        Map<String, String> status = new java.util.LinkedHashMap<>();
        Optional<String> chat = s.optional("TELEGRAM_CHAT_ID");
        if (token.isPresent() && chat.isPresent()) {
            channels.add(new incidents.camel.TelegramChannel(context, s.text("TELEGRAM_API_BASE_URL", "https://api.telegram.org"),
                    token.get(), chat.get(), scrubber));
            status.put("telegram", "on");
        } else {
            status.put("telegram", "off: set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID");
        }
        Optional<String> host = s.optional("SMTP_HOST");
        Optional<String> from = s.optional("SMTP_FROM");
        Optional<String> to = s.optional("ALERT_EMAIL_TO");
        if (host.isPresent() && from.isPresent() && to.isPresent()) {
            channels.add(new incidents.camel.EmailChannel(context, new incidents.camel.EmailChannel.Smtp(host.get(),
                    s.integer("SMTP_PORT", 1, 65535), s.optional("SMTP_USER").orElse(null), smtpPass.orElse(null),
                    from.get(), to.get()), scrubber));
            status.put("email", "on");
        } else {
            status.put("email", "off: set SMTP_HOST, SMTP_FROM and ALERT_EMAIL_TO");
        }
        status.forEach((name, state) -> LOG.info("incident channel {}: {}", name, state));
        incidents.Outbox outbox = new incidents.Outbox(db);
        incidents.RaiseLog raises = new incidents.RaiseLog(db);
        new incidents.DigestQueue(db);
        incidents.DedupLog dedup = new incidents.DedupLog(db, writes,
                java.time.Duration.ofMinutes(s.integer("INCIDENT_DEDUP_WINDOW_MIN", 1, 525_600)), clock);
        incidents.Pager pager = new incidents.Pager(channels, outbox, writes,
                new incidents.RetryPolicy(s.integer("NOTIFY_MAX_ATTEMPTS", 1, 20), s.integer("NOTIFY_BACKOFF_MS", 0, 600_000)),
                reports, clock);
        incidents.IncidentDesk desk = new incidents.IncidentDesk(raises, outbox, writes, reports, status, clock);
        // stopped before the database closes (services stop in reverse order of adding)
        context.addService(new ClosingService(pager, writes));
        Registry registry = context.getRegistry();
        registry.bind("incidentDedup", new incidents.camel.PagedFingerprints(dedup));
        registry.bind("pager", pager);
        registry.bind("incidentDesk", desk);
        registry.bind("incidentJob", new incidents.IncidentJob(pager, dedup, raises, desk, reports, clock));
        registry.bind("incidentsApi", new incidents.IncidentsApi(desk));
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
