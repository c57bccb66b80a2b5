package scale;

import java.time.Duration;

/**
 * What the scaling rules compare against. The defaults are the seed's (phase 80): 1..6 workers,
 * 10 minutes of cooldown, p95 above 1000 ms scales up, below 300 ms (with fewer than 2 requests
 * a minute) scales down, more than 10 requests a minute scales up.
 */
public record ScaleLimits(int min, int max, int cooldownMin, double p95HighMs, double p95LowMs,
                          double arrivalHighPerMin, double arrivalLowPerMin) {

    public static final ScaleLimits SEED = new ScaleLimits(1, 6, 10, 1000, 300, 10, 2);

    public Duration cooldown() {
        return Duration.ofMinutes(cooldownMin);
    }

    public int clamp(int workers) {
        return Math.max(min, Math.min(max, workers));
    }
}
