package scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import app.Rounding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import requests.LatencyHistograms;
import requests.RequestAggregates;
import requests.RequestLog;

/**
 * Autoscale workers (seed phase 80): gathers the metrics, asks {@link ScalePolicy}, and, on
 * apply, sends the new count to the actuator and remembers it. The timer route only decides and
 * records; changing the count always goes through {@link #apply()} (POST /api/scale/apply).
 */
public final class Autoscaler {
    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    static final int WINDOW_MIN = 10;
    static final int HISTORY_MIN = 60;
    static final int HORIZON_MIN = 30;
    /** A gauge older than this many job periods is stale. */
    static final int STALE_AFTER_INTERVALS = 3;

    private final ScaleSettings settings;
    private final ScalePolicy policy;
    private final RequestLog requests;
    private final GaugeStore gauges;
    private final ScaleStateRepository state;
    private final Path gateFlag;
    private final Actuator actuator;
    private final HoltForecast forecast = new HoltForecast();
    private final Clock clock;
    private volatile ScaleRun latest;

    public Autoscaler(ScaleSettings settings, RequestLog requests, GaugeStore gauges, app.StateDb db, Path gateFlag,
                      Actuator actuator, Clock clock) {
        this.settings = settings;
        this.policy = new ScalePolicy(settings.limits(), clock);
        this.requests = requests;
        this.gauges = gauges;
        this.state = new ScaleStateRepository(db);
        this.gateFlag = gateFlag;
        this.actuator = actuator;
        this.clock = clock;
    }

    /** Decides and records; never applies. */
    public synchronized ScaleRun decide() {
        Evaluation e = evaluate();
        return remember(e, "not_requested", null);
    }

    /** Decides now and, unless dry-run or nothing changes, sends the count to the actuator. */
    public synchronized ScaleRun apply() {
        Evaluation e = evaluate();
        ScaleDecision d = e.decision();
        if (settings.dryRun()) {
            return remember(e, "dry_run", null);
        }
        if (!d.changes()) {
            return remember(e, "no_change", null);
        }
        try {
            actuator.send(d.desired());
        } catch (RuntimeException ex) {
            String why = ex instanceof Actuator.ActuatorException ? ex.getMessage()
                    : actuator.describe() + " failed: " + ex.getClass().getSimpleName();
            LOG.warn("autoscale: change {} -> {} not applied: {}", d.current(), d.desired(), why);
            return remember(e, "failed", why + "; workers stay at " + d.current());
        }
        state.save(new ScaleStateRepository.State(d.desired(), e.now()));
        LOG.info("autoscale: workers {} -> {} ({}) sent to {}", d.current(), d.desired(), d.reason().wire(), actuator.describe());
        return remember(e, "applied", null);
    }

    /** The last recorded decision, or null before the first. */
    public ScaleRun latest() {
        return latest;
    }

    public ScaleSettings settings() {
        return settings;
    }

    private record Evaluation(Instant now, ScaleStateRepository.State state, ScaleMetrics metrics, ScaleDecision decision,
                              Optional<QueueGauge> gauge) {
    }

    private Evaluation evaluate() {
        requests.catchUp();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<QueueGauge> gauge = gauges.latest(now.toEpochMilli());
        ScaleStateRepository.State s = currentState(gauge);
        ScaleMetrics m = metrics(now.toEpochMilli(), gauge);
        boolean gate = Files.exists(gateFlag);
        return new Evaluation(now, s, m, policy.decide(s.currentWorkers(), m, s.lastChange(), gate), gauge);
    }

    /** The persisted count; before the first one, the gauge's workers (within bounds) or SCALE_MIN. */
    private ScaleStateRepository.State currentState(Optional<QueueGauge> gauge) {
        return state.load().orElseGet(() -> {
            int initial = gauge.map(QueueGauge::workers).map(w -> settings.limits().clamp(w)).orElse(settings.limits().min());
            ScaleStateRepository.State first = new ScaleStateRepository.State(initial, null);
            state.save(first);
            return first;
        });
    }

    private ScaleMetrics metrics(long now, Optional<QueueGauge> gauge) {
        RequestAggregates agg = requests.aggregates();
        long from = now - WINDOW_MIN * RequestAggregates.MINUTE;
        long count = agg.counts(from, now).total();
        double p95 = LatencyHistograms.percentileMs(agg.latencySince(from), 95);
        // the forecast reads complete minutes only: the current, partial minute would look like a drop
        long[] series = agg.perMinute(now - RequestAggregates.MINUTE, HISTORY_MIN);
        double predicted = forecast.forecast(series, HORIZON_MIN);
        ScaleMetrics.Gauge status = gauge.map(g -> g.tsMillis() < now - STALE_AFTER_INTERVALS * settings.interval().toMillis()
                ? ScaleMetrics.Gauge.STALE : ScaleMetrics.Gauge.FRESH).orElse(ScaleMetrics.Gauge.NONE);
        return new ScaleMetrics(p95, count / (double) WINDOW_MIN, predicted, count,
                gauge.map(QueueGauge::queueDepth).orElse(null), status,
                gauge.map(g -> Instant.ofEpochMilli(g.tsMillis())).orElse(null));
    }

    private ScaleRun remember(Evaluation e, String applyResult, String error) {
        ScaleRun run = new ScaleRun(data(e, applyResult, error), error);
        latest = run;
        return run;
    }

    private Map<String, Object> data(Evaluation e, String applyResult, String error) {
        ScaleDecision d = e.decision();
        ScaleLimits l = settings.limits();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ts", e.now().toString());
        data.put("current_workers", d.current());
        data.put("desired_workers", d.desired());
        data.put("reason", d.reason().wire());
        data.put("dry_run", settings.dryRun());
        data.put("metrics", metricsJson(e.metrics()));
        Map<String, Object> constraints = new LinkedHashMap<>();
        constraints.put("min", l.min());
        constraints.put("max", l.max());
        constraints.put("cooldown_min", l.cooldownMin());
        constraints.put("cooldown_remaining_sec", d.cooldownRemainingSec());
        constraints.put("deploy_gate_active", d.gateActive());
        constraints.put("last_change", e.state().lastChange() == null ? null : e.state().lastChange().toString());
        data.put("constraints", constraints);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("method", HoltForecast.METHOD);
        f.put("alpha", forecast.alpha());
        f.put("beta", forecast.beta());
        f.put("history_min", HISTORY_MIN);
        f.put("horizon_min", HORIZON_MIN);
        f.put("arrival_rate_per_min_in_30m", Rounding.twoPlaces(e.metrics().forecastPerMin()));
        data.put("forecast", f);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("reason", d.rule().wire());
        rule.put("desired_workers", d.ruleDesired());
        data.put("rule", rule);
        data.put("explanation", d.explanation());
        data.put("applied", "applied".equals(applyResult));
        data.put("apply_result", applyResult);
        data.put("actuator", actuator.describe());
        if (error != null) {
            data.put("actuator_error", error);
        }
        return data;
    }

    private static Map<String, Object> metricsJson(ScaleMetrics m) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("queue_depth", m.queueDepth());
        metrics.put("p95_latency_ms", Rounding.twoPlaces(m.p95Ms()));
        metrics.put("arrival_rate_per_min", Rounding.twoPlaces(m.arrivalPerMin()));
        metrics.put("requests_last_10m", m.requestsInWindow());
        metrics.put("queue_gauge", m.gauge().name().toLowerCase(java.util.Locale.ROOT));
        metrics.put("queue_gauge_ts", m.gaugeTs() == null ? null : m.gaugeTs().toString());
        return metrics;
    }
}
