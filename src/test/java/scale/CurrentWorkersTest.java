package scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Where a decision's current worker count comes from: a fresh gauge, else the persisted count. */
class CurrentWorkersTest {
    static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    static final ScaleLimits LIMITS = ScaleLimits.SEED; // 1..6
    static final ScaleStateRepository.State APPLIED_2_AT_1700 =
            new ScaleStateRepository.State(2, Instant.parse("2025-10-20T17:00:00Z"));

    private static Optional<QueueGauge> gauge(String ts, Integer workers) {
        return Optional.of(new QueueGauge(Instant.parse(ts).toEpochMilli(), 0, workers));
    }

    private static CurrentWorkers of(Optional<QueueGauge> g, ScaleMetrics.Gauge freshness) {
        return CurrentWorkers.of(g, freshness, APPLIED_2_AT_1700, LIMITS);
    }

    @Test
    void a_fresh_gauge_taken_after_the_last_change_gives_its_workers() {
        assertThat(of(gauge("2025-10-20T17:59:00Z", 4), ScaleMetrics.Gauge.FRESH))
                .isEqualTo(new CurrentWorkers(4, CurrentWorkers.Source.QUEUE_GAUGE));
    }

    @Test
    void a_stale_gauge_gives_the_persisted_count() {
        assertThat(of(gauge("2025-10-20T17:59:00Z", 4), ScaleMetrics.Gauge.STALE))
                .isEqualTo(new CurrentWorkers(2, CurrentWorkers.Source.STATE));
    }

    @Test
    void no_gauge_or_a_gauge_without_workers_gives_the_persisted_count() {
        assertThat(of(Optional.empty(), ScaleMetrics.Gauge.NONE)).isEqualTo(new CurrentWorkers(2, CurrentWorkers.Source.STATE));
        assertThat(of(gauge("2025-10-20T17:59:00Z", null), ScaleMetrics.Gauge.FRESH))
                .isEqualTo(new CurrentWorkers(2, CurrentWorkers.Source.STATE));
    }

    @Test
    void a_gauge_taken_before_the_last_applied_change_does_not_undo_it() {
        assertThat(of(gauge("2025-10-20T16:59:59Z", 1), ScaleMetrics.Gauge.FRESH))
                .isEqualTo(new CurrentWorkers(2, CurrentWorkers.Source.STATE));
    }

    @Test
    void a_gauge_outside_the_bounds_is_clamped_like_the_first_count() {
        assertThat(of(gauge("2025-10-20T17:59:00Z", 9), ScaleMetrics.Gauge.FRESH))
                .isEqualTo(new CurrentWorkers(6, CurrentWorkers.Source.QUEUE_GAUGE));
    }

    @Test
    void a_gauge_is_fresh_up_to_three_job_periods_old() {
        java.time.Duration threePeriods = java.time.Duration.ofMinutes(30);
        long now = NOW.toEpochMilli();
        assertThat(ScaleMetrics.Gauge.of(gauge("2025-10-20T17:30:00Z", 1), now, threePeriods)).isEqualTo(ScaleMetrics.Gauge.FRESH);
        assertThat(ScaleMetrics.Gauge.of(gauge("2025-10-20T17:29:59Z", 1), now, threePeriods)).isEqualTo(ScaleMetrics.Gauge.STALE);
        assertThat(ScaleMetrics.Gauge.of(Optional.empty(), now, threePeriods)).isEqualTo(ScaleMetrics.Gauge.NONE);
    }
}
