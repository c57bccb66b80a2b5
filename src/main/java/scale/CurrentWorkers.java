package scale;

import java.util.Locale;
import java.util.Optional;

/**
 * The worker count a decision starts from, and where it came from. A fresh queue gauge reports
 * what really runs (the platform or an operator may have changed it, or a sent change may not have
 * taken), so its workers win. The persisted count (the last applied change, or the first gauge's
 * count) is used when the gauge is missing or stale, has no workers, or was taken before the last
 * applied change: it then predates that change and would undo it.
 */
record CurrentWorkers(int count, Source source) {

    /** Where the count came from; written as current_workers_source. */
    enum Source {
        QUEUE_GAUGE, STATE;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static CurrentWorkers of(Optional<QueueGauge> gauge, ScaleMetrics.Gauge freshness, ScaleStateRepository.State state,
                             ScaleLimits limits) {
        boolean usable = freshness == ScaleMetrics.Gauge.FRESH && gauge.isPresent() && gauge.get().workers() != null
                && (state.lastChange() == null || gauge.get().tsMillis() >= state.lastChange().toEpochMilli());
        // clamped like the first gauge's count: the rules only reason within SCALE_MIN..SCALE_MAX
        return usable ? new CurrentWorkers(limits.clamp(gauge.get().workers()), Source.QUEUE_GAUGE)
                : new CurrentWorkers(state.currentWorkers(), Source.STATE);
    }
}
