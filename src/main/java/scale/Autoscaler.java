package scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import base.Rounding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import requests.LatencyHistograms;
import requests.RequestAggregates;
import requests.RequestLog;

/**
 * Autoscale workers (seed phase 80): gathers the metrics, asks {@link ScalePolicy}, and records
 * the decision. Route scale-run only decides; route scale-apply (the timer's and POST
 * /api/scale/apply's) asks for a {@link #plan()}, sends the change itself to SCALE_ACTUATOR_URI
 * when the plan says so, and hands the outcome back to {@link #record(ScalePlan)}, which makes an
 * accepted change the current count. No Camel type here: the route owns the sending.
 *
 * Plan and record are separate route steps, so two applies at once (the timer and an HTTP call)
 * can both plan from the same state. Both then send what that state and the same metrics give:
 * {"workers":N} is a target, not a step, so a repeated send does not add workers; the later record wins.
 */
public final class Autoscaler {
    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    static final int WINDOW_MIN = 10;
    static final int HISTORY_MIN = 60;
    static final int HORIZON_MIN = 30;
    /** A gauge older than this many job periods is stale: the rules hold, and its workers are not the current count. */
    static final int STALE_AFTER_INTERVALS = 3;

    private final ScaleSettings settings;
    private final ScalePolicy policy;
    private final RequestLog requests;
    private final GaugeStore gauges;
    private final ScaleStateRepository state;
    private final Path gateFlag;
    private final HoltForecast forecast = new HoltForecast();
    /** logs/autoscale.json, and the name of the latest decision in the state database. */
    static final String REPORT = "autoscale";
    private final Clock clock;
    private final base.LatestResults results;
    private volatile ScaleRun latest;

    public Autoscaler(ScaleSettings settings, RequestLog requests, GaugeStore gauges, base.StateDb db, Path gateFlag,
                      Clock clock) {
        this.settings = settings;
        this.policy = new ScalePolicy(settings.limits(), clock);
        this.requests = requests;
        this.gauges = gauges;
        this.state = new ScaleStateRepository(db);
        this.gateFlag = gateFlag;
        this.clock = clock;
        this.results = new base.LatestResults(db);
    }

    /** Decides and records; never applies. */
    public synchronized ScaleRun decide() {
        return remember(evaluate(), "not_requested", null);
    }

    /** Decides now and says whether the route is to send the change: not in dry run, not when the count holds. */
    public synchronized ScalePlan plan() {
        ScaleEvaluation e = evaluate();
        if (settings.dryRun()) {
            return new ScalePlan(e, ScalePlan.Stage.DRY_RUN, null);
        }
        return new ScalePlan(e, e.decision().changes() ? ScalePlan.Stage.TO_SEND : ScalePlan.Stage.NO_CHANGE, null);
    }

    /** The actuator took the change (the route's send returned). */
    public ScalePlan accepted(ScalePlan plan) {
        return plan.with(ScalePlan.Stage.APPLIED, null);
    }

    /** The actuator did not take the change: why, safe to show (no tokens, no passwords). */
    public ScalePlan refused(ScalePlan plan, Throwable failure) {
        ScaleDecision d = plan.evaluation().decision();
        String why = describeActuator() + " did not accept {\"workers\":" + d.desired() + "}: " + ActuatorText.reason(failure)
                + "; workers stay at " + d.current();
        LOG.warn("autoscale: change {} -> {} not applied: {}", d.current(), d.desired(), why);
        return plan.with(ScalePlan.Stage.FAILED, why);
    }

    /** Records how an apply ended; only an accepted change becomes the current count and starts the cooldown. */
    public synchronized ScaleRun record(ScalePlan plan) {
        ScaleEvaluation e = plan.evaluation();
        ScaleDecision d = e.decision();
        switch (plan.stage()) {
            case APPLIED -> {
                state.save(new ScaleStateRepository.State(d.desired(), e.now()));
                LOG.info("autoscale: workers {} -> {} ({}) sent to {}", d.current(), d.desired(), d.reason().wire(),
                        describeActuator());
                return remember(e, "applied", null);
            }
            case TO_SEND -> {
                // the route skipped the actuator: say so rather than claim a change that was never sent
                String why = "the change was not sent: in scale.camel.yaml, route scale-apply must pass a plan whose"
                        + " toSend is true to direct:scale-actuator; workers stay at " + d.current();
                LOG.warn("autoscale: {}", why);
                return remember(e, "failed", why);
            }
            default -> {
                return remember(e, plan.stage().wire(), plan.error());
            }
        }
    }

    /** The last recorded decision, or null before the first. */
    /** The latest decision any replica recorded (as JSON), read at most once a second; empty before the first. */
    public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> shared() {
        return results.read(REPORT);
    }

    public ScaleRun latest() {
        return latest;
    }

    public ScaleSettings settings() {
        return settings;
    }

    private ScaleEvaluation evaluate() {
        requests.catchUp();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<QueueGauge> gauge = gauges.latest(now.toEpochMilli());
        ScaleMetrics.Gauge freshness = ScaleMetrics.Gauge.of(gauge, now.toEpochMilli(),
                settings.interval().multipliedBy(STALE_AFTER_INTERVALS));
        ScaleStateRepository.State s = persistedState(gauge);
        CurrentWorkers current = CurrentWorkers.of(gauge, freshness, s, settings.limits());
        ScaleMetrics m = metrics(now.toEpochMilli(), gauge, freshness);
        boolean gate = Files.exists(gateFlag);
        return new ScaleEvaluation(now, s, current, m, policy.decide(current.count(), m, s.lastChange(), gate));
    }

    /** The persisted count; before the first one, the gauge's workers (within bounds, fresh or not) or SCALE_MIN. */
    private ScaleStateRepository.State persistedState(Optional<QueueGauge> gauge) {
        return state.load().orElseGet(() -> {
            int initial = gauge.map(QueueGauge::workers).map(w -> settings.limits().clamp(w)).orElse(settings.limits().min());
            ScaleStateRepository.State first = new ScaleStateRepository.State(initial, null);
            state.save(first);
            return first;
        });
    }

    private ScaleMetrics metrics(long now, Optional<QueueGauge> gauge, ScaleMetrics.Gauge status) {
        RequestAggregates agg = requests.aggregates();
        long from = now - WINDOW_MIN * RequestAggregates.MINUTE;
        long count = agg.counts(from, now).total();
        double p95 = LatencyHistograms.percentileMs(agg.latencySince(from), 95);
        // the forecast reads complete minutes only: the current, partial minute would look like a drop
        long[] series = agg.perMinute(now - RequestAggregates.MINUTE, HISTORY_MIN);
        double predicted = forecast.forecast(series, HORIZON_MIN);
        return new ScaleMetrics(p95, count / (double) WINDOW_MIN, predicted, count,
                gauge.map(QueueGauge::queueDepth).orElse(null), status,
                gauge.map(g -> Instant.ofEpochMilli(g.tsMillis())).orElse(null));
    }

    private String describeActuator() {
        return ActuatorText.describe(settings.actuatorUri());
    }

    private ScaleRun remember(ScaleEvaluation e, String applyResult, String error) {
        ScaleRun run = new ScaleRun(data(e, applyResult, error), error);
        latest = run;
        results.save(REPORT, run.data(), clock.millis());
        return run;
    }

    private ScaleReport data(ScaleEvaluation e, String applyResult, String error) {
        ScaleDecision d = e.decision();
        ScaleLimits l = settings.limits();
        ScaleMetrics m = e.metrics();
        return new ScaleReport(e.now().toString(), d.current(), e.current().source().wire(), d.desired(), d.reason().wire(),
                settings.dryRun(),
                new ScaleReport.Metrics(m.queueDepth(), Rounding.twoPlaces(m.p95Ms()), Rounding.twoPlaces(m.arrivalPerMin()),
                        m.requestsInWindow(), m.gauge().name().toLowerCase(java.util.Locale.ROOT),
                        m.gaugeTs() == null ? null : m.gaugeTs().toString()),
                new ScaleReport.Constraints(l.min(), l.max(), l.cooldownMin(), d.cooldownRemainingSec(), d.gateActive(),
                        e.state().lastChange() == null ? null : e.state().lastChange().toString()),
                new ScaleReport.Forecast(HoltForecast.METHOD, forecast.alpha(), forecast.beta(), HISTORY_MIN, HORIZON_MIN,
                        Rounding.twoPlaces(m.forecastPerMin())),
                new ScaleReport.Rule(d.rule().wire(), d.ruleDesired()),
                d.explanation(), "applied".equals(applyResult), applyResult, describeActuator(), error);
    }
}
