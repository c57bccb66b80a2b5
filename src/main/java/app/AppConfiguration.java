package app;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

import base.InstanceLock;
import base.NodeId;
import base.OwnMetrics;
import base.ProblemCheck;
import base.Settings;
import base.SharedRun;
import base.WritableCheck;
import cluster.ClusterMode;
import cluster.ClusterSettings;
import costs.CostSettings;
import costs.Costs;
import incidents.AttemptLedger;
import incidents.ChannelHealth;
import incidents.GroupCommit;
import incidents.HistoryReconciler;
import incidents.IncidentDesk;
import incidents.IncidentJob;
import incidents.IncidentSettings;
import incidents.IncidentSummary;
import incidents.IncidentsApi;
import incidents.Lease;
import incidents.Outbox;
import incidents.Pager;
import incidents.RaiseLog;
import incidents.RetryPolicy;
import incidents.camel.ChannelSettings;
import incidents.camel.PageAttempts;
import incidents.camel.PageMessages;
import incidents.camel.RaiseSteps;
import incidents.camel.RouteCourier;
import incidents.camel.SendFailures;
import incidents.camel.TelegramPollErrors;
import incidents.bridges.AlertmanagerBridge;
import incidents.bridges.EventsBridge;
import incidents.lifecycle.IncidentStates;
import incidents.lifecycle.Lifecycle;
import incidents.lifecycle.LifecycleApi;
import incidents.lifecycle.LifecycleSettings;
import incidents.lifecycle.SilenceMatcher;
import incidents.lifecycle.Silences;
import incidents.lifecycle.TelegramActions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portal.LinkSigner;
import portal.PortalAccessLog;
import portal.PortalApi;
import portal.PortalSettings;
import portal.ReceiptCatalog;
import portal.ReceiptFiles;
import requests.RequestIntake;
import requests.RequestLog;
import requests.RequestTally;
import routes.ApiKeyCheck;
import routes.ApiDocument;
import routes.ApiDoor;
import routes.ApiTable;
import routes.DashboardRoutes;
import scale.Autoscaler;
import slo.DeployGate;
import scale.GaugeStore;
import scale.ScaleApi;
import scale.ScaleSettings;
import slo.SloApi;
import slo.SloBudget;
import slo.SloGate;
import slo.SloHistory;
import slo.SloRun;
import slo.SloTargets;

/**
 * Builds every bean of the daemon from the settings, in one place: the foundation first, then
 * one short method per capability binding the beans its YAML routes name. Tests may bind a
 * "clock" before start; everything that reads the time gets it from here.
 */
public class AppConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(AppConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        // the YAML timers read these; a bad one should stop start-up here, naming the variable
        List.of("SLO_INTERVAL", "INCIDENT_INTERVAL", "COST_INTERVAL", "SCALE_INTERVAL").forEach(s::duration);
        requireFreePorts(s);
        Path data = s.path("DATA_DIR", Path.of("data"));
        ClusterSettings cluster = ClusterSettings.from(s, Foundation.dbUrl(s, data));
        InstanceLock instance = InstanceLock.acquire(data);
        try {
            Foundation f = Foundation.open(context, s, clock(context.getRegistry()), s.path("LOGS_DIR", Path.of("logs")), data);
            context.addService(new ClosingService(f.appender(), f.db(), instance));
            bindFoundation(f);
            // the job routes' "leaderOnly" policy, the role and the heartbeat row (docs/high-availability.md)
            ClusterMode.bind(context, s, cluster, f.db(), Foundation.dbUrl(s, data).startsWith("jdbc:postgresql:"), f.clock(), f.metrics());
            bindOperations(f);
            RequestLog requests = bindSlo(f);
            bindScale(f, requests);
            bindPortal(f);
            bindIncidents(f);
            bindCosts(f);
        } catch (Exception e) {
            instance.close(); // a start that failed must not keep DATA_DIR locked
            throw e;
        }
        announce(context, s);
    }

    /**
     * The HTTP door and error replies, the dashboard, and own health (DOWN when the state DB, the
     * logs folder or the data folder cannot take a write, or an NDJSON append is failing) beside
     * Camel's; own metrics share /observe/metrics with Camel's. "diskGuard" is for routes that must
     * not act unless they can also record (diskGuard.requireWritable answers 507 when the disk is full).
     */
    private static void bindFoundation(Foundation f) throws Exception {
        f.bind("stateDb", f.db());
        f.bind("reportFiles", f.reports());
        f.bind("ownMetrics", f.metrics());
        f.bind("diskGuard", f.disk());
        f.bind("stateDbHealth", WritableCheck.stateDb(f.db()));
        f.bind("logsFolderHealth", WritableCheck.logsFolder(f.disk()));
        f.bind("dataFolderHealth", WritableCheck.dataFolder(f.disk()));
        // the API is the rest: blocks of the route files, served by platform-http behind one door
        ApiDoor.serveRestOnPlatformHttp(f.context());
        ApiTable api = new ApiTable(f.context());
        ApiDoor door = new ApiDoor(new ApiKeyCheck(dashboardKey(f.settings())), api);
        f.bind(ApiDoor.BEAN, door);
        f.context().addRoutes(door);
        String version = AppConfiguration.class.getPackage().getImplementationVersion();
        f.bind("apiDocument", new ApiDocument(f.context(), api, version == null ? "dev" : version));
        f.context().addRoutes(new DashboardRoutes());
    }

    /**
     * What an SRE watches beside the capabilities' own figures: the JVM and the process, when each
     * job last succeeded, raises by severity (observed on the raise route, whoever raised).
     */
    private static void bindOperations(Foundation f) throws Exception {
        f.metrics().bindJvmAndProcess();
        java.util.Map<String, OwnMetrics.Counter> raises = new java.util.HashMap<>();
        java.util.Map<String, OwnMetrics.Counter> suppressed = new java.util.HashMap<>();
        for (String severity : List.of("CRITICAL", "ERROR", "WARNING", "INFO")) {
            raises.put(severity, f.metrics().counter("incident_raises", "incidents raised, by severity (suppressed ones included)",
                    "severity", severity));
            suppressed.put(severity, f.metrics().counter("incident_raises_suppressed",
                    "raises not paged because their fingerprint was paged within INCIDENT_DEDUP_WINDOW_MIN", "severity", severity));
        }
        RouteObserver observer = new RouteObserver(f.clock(), (severity, wasSuppressed) -> {
            raises.getOrDefault(severity, () -> { }).increment();
            if (wasSuppressed) {
                suppressed.getOrDefault(severity, () -> { }).increment();
            }
        });
        f.context().addRoutePolicyFactory(observer);
        f.context().addRoutePolicyFactory(f.metrics().routeMeters());
        java.util.Map<String, Duration> intervals = new java.util.LinkedHashMap<>();
        intervals.put("slo", f.settings().duration("SLO_INTERVAL"));
        intervals.put("incidents", f.settings().duration("INCIDENT_INTERVAL"));
        intervals.put("costs", f.settings().duration("COST_INTERVAL"));
        intervals.put("scale", f.settings().duration("SCALE_INTERVAL"));
        CapabilityMetrics.jobs(f.metrics(), observer::lastSuccessSeconds, intervals);
    }

    /** SLO error budget (seed phase 76) over the one reader of the request events. */
    private static RequestLog bindSlo(Foundation f) {
        SloTargets targets = SloTargets.from(f.settings());
        RequestLog requests = new RequestLog(f.settings().path("METRICS_REQUESTS_FILE", f.logs().resolve("requests.ndjson")),
                f.db(), f.positions(), Math.max(targets.windowDays(), 3) + 1, f.clock(), RequestLog.SPLIT_BYTES, f.appender());
        double[] buckets = java.util.Arrays.copyOf(CapabilityMetrics.LATENCY_BUCKETS_MS, CapabilityMetrics.LATENCY_BUCKETS_MS.length + 2);
        buckets[buckets.length - 2] = targets.p95Ms().doubleValue();
        buckets[buckets.length - 1] = targets.p99Ms().doubleValue();
        RequestTally tally = new RequestTally(buckets);
        requests.counting(tally);
        CapabilityMetrics.requests(f.metrics(), tally);
        SloBudget slo = new SloBudget(targets, requests, f.db(), f.jsonWriter(), f.reports(), f.clock());
        f.bind("requestLog", requests);
        f.bind("requestIntake", new RequestIntake(requests, f.intake()));
        f.bind("sloBudget", slo);
        f.bind("sloApi", new SloApi(slo));
        f.bind("sloGate", new SloGate(f.db()));
        f.bind("sloHistory", new SloHistory(slo.history()));
        f.metrics().gauge("slo_burn_rate_pct", "24 h error rate as % of the daily error budget (100 = burning exactly the budget)",
                () -> slo.latest() == null ? Double.NaN : slo.latest().report().burnRatePct().doubleValue());
        f.metrics().gauge("slo_remaining_budget_pct", "error budget left over the SLO window, 0..100",
                () -> slo.latest() == null ? Double.NaN : slo.latest().report().remainingBudgetPct().doubleValue());
        CapabilityMetrics.slo(f.metrics(), targets, () -> slo.latest() == null ? null : slo.latest().report());
        return requests;
    }

    /** Autoscale workers (seed phase 80), on the SLO's request aggregates. */
    private static void bindScale(Foundation f, RequestLog requests) {
        ScaleSettings settings = ScaleSettings.from(f.settings(), f.logs());
        GaugeStore gauges = new GaugeStore(f.settings().path("METRICS_QUEUE_FILE", f.logs().resolve("queue.json")),
                f.db(), f.jsonWriter());
        Autoscaler autoscaler = new Autoscaler(settings, requests, gauges, f.db(), f.reports().file(DeployGate.FLAG_FILE),
                f.clock());
        f.bind("autoscaler", autoscaler);
        f.bind("scaleApi", new ScaleApi(autoscaler, gauges, f.clock()));
        f.metrics().gauge("scale_desired_workers", "workers the last autoscale decision asked for",
                () -> autoscaler.latest() == null ? Double.NaN : autoscaler.latest().data().desiredWorkers());
        CapabilityMetrics.scale(f.metrics(), () -> autoscaler.latest() == null ? null : autoscaler.latest().data());
    }

    /** Customer portal (seed phase 78): receipts, signed links, access log. No secret: it answers 503. */
    private static void bindPortal(Foundation f) {
        PortalSettings settings = PortalSettings.from(f.settings());
        Optional<LinkSigner> signer = LinkSigner.from(settings, f.clock());
        if (signer.isEmpty()) {
            LOG.warn("{} is not set; /api/portal/* answer 503 until it is (at least 32 random bytes, e.g. openssl rand -hex 32)",
                    LinkSigner.SECRET);
        }
        ReceiptCatalog catalog = new ReceiptCatalog(f.data().resolve("receipts.ndjson"));
        catalog.skippedLines(); // reads the file now, so malformed lines are reported at start
        PortalAccessLog access = new PortalAccessLog(f.logs().resolve("portal_access.ndjson"), f.appender(), f.clock(),
                settings.trustProxy());
        f.bind("portalApi", new PortalApi(catalog, new ReceiptFiles(f.data().resolve("receipts")), signer, access));
    }

    /** The incident inbox and pager (seed phase 77): channels, outbox, dedup, the raise route's beans. */
    private static void bindIncidents(Foundation f) throws Exception {
        Settings s = f.settings();
        ChannelSettings channels = ChannelSettings.apply(s, f.context());
        IncidentSettings settings = IncidentSettings.from(s);
        channels.off().forEach((name, state) -> LOG.info("incident channel {}: {}", name, state));
        GroupCommit writes = new GroupCommit(f.db());
        Outbox outbox = new Outbox(f.db(), new Lease(NodeId.leaseHolder(s), settings.lease(), f.clock()));
        RaiseLog raises = new RaiseLog(f.db(), NodeId.inputsOwner(s));
        new HistoryReconciler(raises, f.reports().file(IncidentDesk.HISTORY + ".ndjson"), f.appender()).reconcile();
        RetryPolicy retry = settings.retry();
        ChannelHealth health = new ChannelHealth(retry.maxAttempts());
        ProducerTemplate notices = f.context().createProducerTemplate();
        AttemptLedger ledger = new AttemptLedger(outbox, health, new PageAttemptMetrics(f.metrics()), f.reports(), f.clock(),
                notice -> notices.sendBody("direct:incident-raise", notice));
        SendFailures failures = new SendFailures(ChannelSettings.scrubber(s), settings.smtpServer());
        PageAttempts attempts = new PageAttempts(ledger, retry, failures);
        f.bind("pageAttempts", attempts);
        f.bind("pageAttemptFailed", (Processor) attempts::failed);
        f.bind("pageMessages", new PageMessages(s.optional("ESCALATION_EMAIL_TO").orElse("")));
        RouteCourier courier = new RouteCourier(f.context(), ledger, failures);
        f.context().addStartupListener((context, alreadyStarted) -> courier.requireSafeChannels());
        IncidentStates states = new IncidentStates(f.db());
        Pager pager = new Pager(courier, outbox, writes, settings.dedupWindow(), raises, states, retry.maxAttempts(), f.clock());
        bindLifecycle(f, states, pager, channels);
        IncidentDesk desk = new IncidentDesk(raises, outbox, writes, f.reports(), pager, channels.off(), health, states,
                states::counts, f.clock());
        // stopped before the database closes (services stop in reverse order of adding)
        f.context().addService(new ClosingService(pager, writes));
        f.bind("channelsHealth", ProblemCheck.reportOnly("channels", () -> health.problem(pager.channelNames())));
        f.bind("pager", pager);
        f.bind("incidentDesk", desk);
        IncidentJob job = new IncidentJob(pager, raises, outbox, desk, f.reports(), f.clock());
        f.bind("incidentJob", job);
        Map<String, ToLongFunction<IncidentSummary>> figures = new LinkedHashMap<>();
        figures.put("total_incidents", s24 -> s24.totals().totalIncidents());
        figures.put("suppressed", s24 -> s24.totals().suppressed());
        figures.put("pages_sent", IncidentSummary::pagesSent);
        figures.put("pages_failed", IncidentSummary::pagesFailed);
        figures.put("pages_pending", IncidentSummary::pagesPending);
        figures.put("pages_refused", IncidentSummary::pagesRefused);
        figures.forEach((figure, read) -> f.metrics().gauge("incidents_24h_" + figure,
                figure.replace('_', ' ') + " over the last 24 h, as of the last incident run",
                () -> job.latest() == null ? Double.NaN : read.applyAsLong(job.latest())));
        f.metrics().gauge("pages_pending", "pages in the outbox not yet delivered on their channel (read when scraped)",
                () -> outbox.counts(0).pending());
        IncidentsApi api = new IncidentsApi(desk);
        f.bind("incidentsApi", api);
        f.bind("raiseFields", RaiseSteps.fields(api));
        f.bind("raiseAccept", RaiseSteps.accept(desk));
        f.bind("raiseRecord", RaiseSteps.record(desk));
        f.bind("raiseAnswer", RaiseSteps.raised(api));
    }

    /**
     * The incident lifecycle: states, silences, escalation, the Telegram buttons. Its tables are
     * created here (incident_states, incident_silences); escalation channels that are off are named at start.
     */
    private static void bindLifecycle(Foundation f, IncidentStates states, Pager pager, ChannelSettings channels)
            throws Exception {
        LifecycleSettings settings = LifecycleSettings.from(f.settings());
        Silences silences = new Silences(f.db(), new SilenceMatcher(), settings.silenceMax(), f.clock());
        Lifecycle lifecycle = new Lifecycle(states, silences, pager, settings, f.reports(), f.clock());
        f.context().addStartupListener((context, alreadyStarted) -> lifecycle.escalationProblem().ifPresent(LOG::warn));
        f.bind("incidentLifecycle", lifecycle);
        f.bind("lifecycleAdmit", (Processor) lifecycle::admit);
        f.bind("lifecycleHold", (Processor) lifecycle::hold);
        f.bind("lifecycleApi", new LifecycleApi(lifecycle));
        ProducerTemplate raises = f.context().createProducerTemplate();
        java.util.function.Function<Map<String, Object>, Map<?, ?>> raise =
                fields -> raises.requestBody("direct:incident-raise", fields, Map.class);
        f.bind("alertmanagerBridge", new AlertmanagerBridge(raise, lifecycle));
        f.bind("eventsBridge", new EventsBridge(raise, lifecycle, f.settings().optional("EVENTS_ROUTING_KEY").orElse("")));
        if (channels.telegram()) {
            f.bind("telegramActions", new TelegramActions(lifecycle, f.settings().text("TELEGRAM_CHAT_ID", ""),
                    ChannelSettings.scrubber(f.settings())));
            f.bind("telegramPollErrors", new TelegramPollErrors(ChannelSettings.scrubber(f.settings())));
        }
    }

    /** Cost guardrails (seed phase 79): usage read incrementally, caps, the allow table. */
    private static void bindCosts(Foundation f) {
        Costs costs = Costs.create(CostSettings.from(f.settings()),
                f.settings().path("METRICS_USAGE_FILE", f.logs().resolve("ai_usage.ndjson")),
                f.db(), f.positions(), f.appender(), f.intake(), f.reports(), f.clock());
        costs.guard().start();
        f.bind("costGuard", costs.guard());
        f.bind("usageIntake", costs.intake());
        ProducerTemplate runs = f.context().createProducerTemplate();
        // a failed run is logged by its route's error handler, as a timer's run is
        f.bind("costsRefresh", new SharedRun("cost-refresh", () -> runs.send("direct:costs-run", exchange -> { })));
        f.bind("costsApi", costs.api());
        f.metrics().gauge("costs_spent_24h_usd", "LLM spend over the last 24 h, as of the last cost check",
                () -> costs.guard().latestData() == null ? Double.NaN : costs.guard().latestData().totalSpentUsd().doubleValue());
        f.metrics().gauge("costs_global_utilization_pct", "24 h spend as % of the daily cap, as of the last cost check",
                () -> costs.guard().latestData() == null ? Double.NaN
                        : costs.guard().latestData().globalUtilizationPct().doubleValue());
        CapabilityMetrics.costs(f.metrics(), () -> costs.guard().latestData());
    }

    /** One clear line instead of a daemon that runs without its HTTP server (one-shot mode has none). */
    private static void requireFreePorts(Settings s) {
        if (s.bool("camel.server.enabled")) {
            PortCheck.requireFree(s, "HTTP_HOST", "HTTP_PORT");
        }
        if (s.bool("camel.management.enabled")) {
            PortCheck.requireFree(s, "MANAGEMENT_HOST", "MANAGEMENT_PORT");
        }
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

    /** A wildcard address is not one a browser can open: show loopback instead. */
    private static String reachable(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    /** The start-up banner, once every route runs: where to point a browser, curl and Prometheus. */
    private static void announce(CamelContext context, Settings s) throws Exception {
        if (!s.bool("camel.server.enabled")) {
            return; // one-shot mode: no server to announce
        }
        String host = s.text("HTTP_HOST", "0.0.0.0");
        String base = "http://" + reachable(host) + ":" + s.integer("HTTP_PORT", 1, 65535);
        String management = "http://" + reachable(s.text("MANAGEMENT_HOST", host)) + ":" + s.integer("MANAGEMENT_PORT", 1, 65535);
        String key = s.optional("DASHBOARD_KEY").isPresent() ? "the value of DASHBOARD_KEY"
                : "generated for this run, printed once above (\"DASHBOARD_KEY is not set\"); set DASHBOARD_KEY to keep one";
        context.addStartupListener(new StartupListener() {
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
