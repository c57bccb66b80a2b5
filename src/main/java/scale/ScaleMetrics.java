package scale;

import java.time.Instant;

/**
 * What one decision looks at: p95 latency and arrival rate of the last 10 minutes of request
 * events, the arrival rate forecast 30 minutes ahead, and the latest queue gauge (if any).
 *
 * @param queueDepth null when no gauge was ever received (the queue rule is then off)
 * @param gauge      whether a gauge exists and is recent enough to act on
 */
public record ScaleMetrics(double p95Ms, double arrivalPerMin, double forecastPerMin, long requestsInWindow,
                           Long queueDepth, Gauge gauge, Instant gaugeTs) {

    /** The queue gauge's state: never received, recent, or older than 3 job periods. */
    public enum Gauge {
        NONE, FRESH, STALE;

        /** Fresh while its ts is at most {@code maxAge} before now; one definition for the rules and the worker count. */
        static Gauge of(java.util.Optional<QueueGauge> gauge, long now, java.time.Duration maxAge) {
            return gauge.map(g -> g.tsMillis() < now - maxAge.toMillis() ? STALE : FRESH).orElse(NONE);
        }
    }

    /** The arrival rate the rules use: the forecast is a floor under the current rate. */
    public double effectiveArrivalPerMin() {
        return Math.max(arrivalPerMin, forecastPerMin);
    }
}
