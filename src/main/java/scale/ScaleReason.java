package scale;

import java.util.Locale;

/** Why the desired worker count is what it is; written in lower case (the seed's spelling). */
public enum ScaleReason {
    METRICS_MISSING, HIGH_LATENCY, HIGH_ARRIVAL_RATE, QUEUE_BACKLOG, LOW_UTILIZATION, STEADY, COOLDOWN, DEPLOY_GATE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
