package scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import support.MutableClock;

/** The rules and safety checks, with the seed's thresholds: p95 1000/300 ms, arrival 10/2 per minute, 1..6 workers. */
class ScalePolicyTest {
    private static final Instant T0 = Instant.parse("2025-10-20T18:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ScalePolicy policy = new ScalePolicy(ScaleLimits.SEED, clock);

    /** Request metrics with no queue gauge. */
    private static ScaleMetrics m(double p95, double arrival, double forecast) {
        return new ScaleMetrics(p95, arrival, forecast, Math.max(1, Math.round(arrival * 10)), null, ScaleMetrics.Gauge.NONE, null);
    }

    private static ScaleMetrics withQueue(double p95, double arrival, long queue) {
        return new ScaleMetrics(p95, arrival, arrival, Math.max(1, Math.round(arrival * 10)), queue, ScaleMetrics.Gauge.FRESH, T0);
    }

    private ScaleDecision decide(int current, ScaleMetrics m) {
        return policy.decide(current, m, null, false);
    }

    @ParameterizedTest(name = "p95 {0} ms, arrival {1}/min, forecast {2}/min, 2 workers -> {3} ({4})")
    @CsvSource({
            // each rule and its boundary: thresholds are strict (above / below)
            "1000.1, 5, 5, 3, high_latency",
            "1000, 5, 5, 2, steady",
            "500, 10.1, 10.1, 3, high_arrival_rate",
            "500, 10, 10, 2, steady",
            "500, 5, 10.1, 3, high_arrival_rate",
            "299.9, 1.9, 1.9, 1, low_utilization",
            "300, 1.9, 1.9, 2, steady",
            "299.9, 2, 2, 2, steady",
            // the forecast is a floor: a rising load never scales down
            "100, 1, 5, 2, steady",
            // rule order: latency wins over arrival
            "1500, 50, 50, 3, high_latency",
    })
    void the_rules_fire_in_the_seeds_order_at_their_boundaries(double p95, double arrival, double forecast, int desired, String reason) {
        ScaleDecision d = decide(2, m(p95, arrival, forecast));
        assertThat(d.desired()).isEqualTo(desired);
        assertThat(d.reason().wire()).isEqualTo(reason);
    }

    @Test
    void a_queue_that_cannot_drain_within_the_target_adds_a_worker() {
        // Little's law: drain = queue x p95 / workers = 9 x 500 / 4 = 1125 ms > 1000 ms
        ScaleDecision d = decide(4, withQueue(500, 5, 9));
        assertThat(d.reason()).isEqualTo(ScaleReason.QUEUE_BACKLOG);
        assertThat(d.desired()).isEqualTo(5);
        assertThat(d.explanation()).contains("1125.0 ms");
    }

    @Test
    void a_queue_that_drains_exactly_within_the_target_is_steady() {
        // 8 x 500 / 4 = 1000 ms: not more than the target
        assertThat(decide(4, withQueue(500, 5, 8)).reason()).isEqualTo(ScaleReason.STEADY);
    }

    @Test
    void high_arrival_comes_before_queue_backlog() {
        assertThat(decide(1, withQueue(500, 12, 100)).reason()).isEqualTo(ScaleReason.HIGH_ARRIVAL_RATE);
    }

    @Test
    void low_utilization_is_withheld_when_one_worker_less_could_not_drain_the_queue() {
        // with 2 workers: 5 x 250 / 2 = 625 ms (fine); with 1: 1250 ms > 1000 ms
        assertThat(decide(2, withQueue(250, 1, 5)).reason()).isEqualTo(ScaleReason.STEADY);
        assertThat(decide(2, withQueue(250, 1, 3)).reason()).isEqualTo(ScaleReason.LOW_UTILIZATION);
    }

    @Test
    void no_request_events_hold_the_count_as_metrics_missing() {
        ScaleMetrics none = new ScaleMetrics(0, 0, 0, 0, null, ScaleMetrics.Gauge.NONE, null);
        ScaleDecision d = decide(3, none);
        assertThat(d.reason()).isEqualTo(ScaleReason.METRICS_MISSING);
        assertThat(d.desired()).isEqualTo(3);
    }

    @Test
    void a_stale_queue_gauge_holds_the_count_even_when_latency_is_high() {
        ScaleMetrics stale = new ScaleMetrics(5000, 50, 50, 500, 100L, ScaleMetrics.Gauge.STALE, T0.minus(Duration.ofHours(1)));
        ScaleDecision d = decide(2, stale);
        assertThat(d.reason()).isEqualTo(ScaleReason.METRICS_MISSING);
        assertThat(d.desired()).isEqualTo(2);
        assertThat(d.explanation()).contains("queue gauge");
    }

    @Test
    void scale_up_is_capped_at_max_and_scale_down_at_min() {
        ScaleDecision up = decide(6, m(2000, 5, 5));
        assertThat(up.desired()).isEqualTo(6);
        assertThat(up.reason()).isEqualTo(ScaleReason.HIGH_LATENCY);
        assertThat(up.explanation()).contains("capped at SCALE_MAX 6");
        ScaleDecision down = decide(1, m(100, 0.5, 0.5));
        assertThat(down.desired()).isEqualTo(1);
        assertThat(down.explanation()).contains("kept at SCALE_MIN 1");
    }

    @Test
    void a_count_outside_the_bounds_is_brought_back_inside() {
        assertThat(decide(9, m(500, 5, 5)).desired()).isEqualTo(6);
    }

    @Test
    void no_change_within_the_cooldown_after_the_last_applied_change() {
        Instant applied = T0;
        clock.set(T0.plus(Duration.ofMinutes(4)));
        ScaleDecision held = policy.decide(2, m(2000, 5, 5), applied, false);
        assertThat(held.reason()).isEqualTo(ScaleReason.COOLDOWN);
        assertThat(held.desired()).isEqualTo(2);
        assertThat(held.rule()).isEqualTo(ScaleReason.HIGH_LATENCY);
        assertThat(held.ruleDesired()).isEqualTo(3);
        assertThat(held.cooldownRemainingSec()).isEqualTo(360);

        clock.set(T0.plus(Duration.ofMinutes(10)).minusMillis(1));
        assertThat(policy.decide(2, m(2000, 5, 5), applied, false).reason()).isEqualTo(ScaleReason.COOLDOWN);
        assertThat(policy.decide(2, m(2000, 5, 5), applied, false).cooldownRemainingSec()).isEqualTo(1);

        clock.set(T0.plus(Duration.ofMinutes(10)));
        ScaleDecision free = policy.decide(2, m(2000, 5, 5), applied, false);
        assertThat(free.reason()).isEqualTo(ScaleReason.HIGH_LATENCY);
        assertThat(free.desired()).isEqualTo(3);
        assertThat(free.cooldownRemainingSec()).isZero();
    }

    @Test
    void the_cooldown_holds_scale_down_too_but_not_a_steady_decision() {
        clock.set(T0.plus(Duration.ofMinutes(1)));
        assertThat(policy.decide(2, m(100, 1, 1), T0, false).reason()).isEqualTo(ScaleReason.COOLDOWN);
        ScaleDecision steady = policy.decide(2, m(500, 5, 5), T0, false);
        assertThat(steady.reason()).isEqualTo(ScaleReason.STEADY);
        assertThat(steady.cooldownRemainingSec()).isEqualTo(540);
    }

    @Test
    void the_deploy_gate_blocks_scale_up_but_not_scale_down() {
        ScaleDecision up = policy.decide(2, m(2000, 5, 5), null, true);
        assertThat(up.reason()).isEqualTo(ScaleReason.DEPLOY_GATE);
        assertThat(up.desired()).isEqualTo(2);
        assertThat(up.gateActive()).isTrue();
        ScaleDecision down = policy.decide(2, m(100, 1, 1), null, true);
        assertThat(down.reason()).isEqualTo(ScaleReason.LOW_UTILIZATION);
        assertThat(down.desired()).isEqualTo(1);
    }

    @Test
    void thresholds_come_from_the_limits() {
        ScalePolicy strict = new ScalePolicy(new ScaleLimits(1, 6, 10, 400, 100, 3, 1), clock);
        assertThat(strict.decide(2, m(450, 1.5, 1.5), null, false).reason()).isEqualTo(ScaleReason.HIGH_LATENCY);
        assertThat(strict.decide(2, m(300, 4, 4), null, false).reason()).isEqualTo(ScaleReason.HIGH_ARRIVAL_RATE);
    }
}
