package scale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The scaling rules, in the seed's order, then the safety checks. Pure: the same inputs and clock
 * give the same decision.
 *
 * Rules (first match wins):
 *  0. metrics_missing: no request events in the window, or a queue gauge that went stale: hold.
 *  1. high_latency: p95 above SCALE_P95_HIGH_MS: +1.
 *  2. high_arrival_rate: arrival rate now, or forecast in 30 min, above SCALE_ARRIVAL_HIGH_PER_MIN: +1.
 *  3. queue_backlog: the queue cannot drain within SCALE_P95_HIGH_MS at the current count: +1.
 *  4. low_utilization: p95 below SCALE_P95_LOW_MS and max(rate now, forecast) below
 *     SCALE_ARRIVAL_LOW_PER_MIN (the forecast is a floor: a rising load never scales down), and
 *     the queue would still drain with one worker less: -1.
 *  5. steady: hold.
 * Safety, in order: clamp to min..max; no change within the cooldown after the last applied
 * change (cooldown); no scale-up while the deploy gate flag exists (deploy_gate).
 *
 * Queue drain time by Little's law, L = lambda * W: each worker serves one request at a time,
 * taking about S = p95 latency (a conservative service time), so N workers complete
 * lambda = N / S requests per unit of time and a queue of L requests drains in W = L * S / N.
 */
public final class ScalePolicy {
    private final ScaleLimits limits;
    private final Clock clock;

    public ScalePolicy(ScaleLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public ScaleLimits limits() {
        return limits;
    }

    /**
     * @param lastChange when a change was last applied (null: never)
     * @param gateActive whether logs/deploy_gate.flag exists
     */
    public ScaleDecision decide(int current, ScaleMetrics m, Instant lastChange, boolean gateActive) {
        Proposal p = rule(current, m);
        int ruleDesired = limits.clamp(p.desired());
        String explanation = p.why() + clampNote(p.desired(), ruleDesired);
        long remaining = cooldownRemainingSec(lastChange);
        if (ruleDesired != current && remaining > 0) {
            return new ScaleDecision(current, current, ScaleReason.COOLDOWN, p.reason(), ruleDesired, remaining, gateActive,
                    explanation + "; held: the last change was applied less than " + limits.cooldownMin()
                            + " min ago (" + remaining + " s of cooldown left)");
        }
        if (ruleDesired > current && gateActive) {
            return new ScaleDecision(current, current, ScaleReason.DEPLOY_GATE, p.reason(), ruleDesired, remaining, true,
                    explanation + "; held: the deploy gate is closed (logs/deploy_gate.flag exists), no scale-up until it lifts");
        }
        return new ScaleDecision(current, ruleDesired, p.reason(), p.reason(), ruleDesired, remaining, gateActive, explanation);
    }

    /** Queue drain time in milliseconds with {@code workers} workers (Little's law, see above). */
    static double drainMs(long queueDepth, double p95Ms, int workers) {
        if (queueDepth == 0) {
            return 0;
        }
        return workers <= 0 ? Double.POSITIVE_INFINITY : queueDepth * p95Ms / workers;
    }

    private record Proposal(int desired, ScaleReason reason, String why) {
    }

    private Proposal rule(int n, ScaleMetrics m) {
        if (m.requestsInWindow() == 0) {
            return new Proposal(n, ScaleReason.METRICS_MISSING,
                    "no request events in the last 10 minutes: holding " + n + " worker(s), never scaling on no data");
        }
        if (m.gauge() == ScaleMetrics.Gauge.STALE) {
            return new Proposal(n, ScaleReason.METRICS_MISSING, "the queue gauge was last received at " + m.gaugeTs()
                    + ", more than 3 job periods ago: holding " + n + " worker(s) until it is fresh");
        }
        double arrival = m.effectiveArrivalPerMin();
        if (m.p95Ms() > limits.p95HighMs()) {
            return new Proposal(n + 1, ScaleReason.HIGH_LATENCY,
                    "p95 latency " + fmt(m.p95Ms()) + " ms is above " + fmt(limits.p95HighMs()) + " ms: one worker more");
        }
        if (arrival > limits.arrivalHighPerMin()) {
            String which = m.arrivalPerMin() > limits.arrivalHighPerMin()
                    ? "arrival rate " + fmt(m.arrivalPerMin()) + "/min"
                    : "forecast arrival rate in 30 min " + fmt(m.forecastPerMin()) + "/min (now " + fmt(m.arrivalPerMin()) + ")";
            return new Proposal(n + 1, ScaleReason.HIGH_ARRIVAL_RATE,
                    which + " is above " + fmt(limits.arrivalHighPerMin()) + "/min: one worker more");
        }
        if (m.queueDepth() != null && drainMs(m.queueDepth(), m.p95Ms(), n) > limits.p95HighMs()) {
            return new Proposal(n + 1, ScaleReason.QUEUE_BACKLOG, "a queue of " + m.queueDepth() + " takes "
                    + fmt(drainMs(m.queueDepth(), m.p95Ms(), n)) + " ms to drain with " + n + " worker(s) (queue x p95 / workers),"
                    + " more than " + fmt(limits.p95HighMs()) + " ms: one worker more");
        }
        if (m.p95Ms() < limits.p95LowMs() && arrival < limits.arrivalLowPerMin() && queueDrainsWithOneLess(n, m)) {
            return new Proposal(n - 1, ScaleReason.LOW_UTILIZATION, "p95 latency " + fmt(m.p95Ms()) + " ms is below "
                    + fmt(limits.p95LowMs()) + " ms and the arrival rate (now " + fmt(m.arrivalPerMin()) + "/min, forecast "
                    + fmt(m.forecastPerMin()) + "/min) is below " + fmt(limits.arrivalLowPerMin()) + "/min: one worker less");
        }
        return new Proposal(n, ScaleReason.STEADY, "p95 latency " + fmt(m.p95Ms()) + " ms, arrival rate "
                + fmt(m.arrivalPerMin()) + "/min (forecast " + fmt(m.forecastPerMin()) + "/min)"
                + (m.queueDepth() == null ? "" : ", queue " + m.queueDepth()) + ": within bounds, holding " + n + " worker(s)");
    }

    /** Scaling down must not create a backlog: with one worker less the queue still drains in time. */
    private boolean queueDrainsWithOneLess(int n, ScaleMetrics m) {
        return m.queueDepth() == null || n <= 1 || drainMs(m.queueDepth(), m.p95Ms(), n - 1) <= limits.p95HighMs();
    }

    private long cooldownRemainingSec(Instant lastChange) {
        if (lastChange == null) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), lastChange.plus(limits.cooldown()));
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        return (left.toMillis() + 999) / 1000;
    }

    private String clampNote(int wanted, int clamped) {
        if (wanted == clamped) {
            return "";
        }
        return wanted > clamped ? " (capped at SCALE_MAX " + limits.max() + ")" : " (kept at SCALE_MIN " + limits.min() + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
