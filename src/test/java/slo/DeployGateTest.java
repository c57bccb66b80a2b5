package slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class DeployGateTest {
    static final Instant T0 = Instant.parse("2025-10-20T10:00:00Z");

    private static DeployGate.Decision critical(DeployGate.State s, Duration after) {
        return DeployGate.next(s, BurnAlert.CRITICAL, 250, T0.plus(after));
    }

    @Test
    void the_gate_stays_open_road_after_one_hour_fifty_nine_of_critical() {
        DeployGate.State s = critical(DeployGate.State.CLEAR, Duration.ZERO).state();
        DeployGate.Decision d = critical(s, Duration.ofMinutes(119));
        assertThat(d.change()).isEqualTo(DeployGate.Change.NONE);
        assertThat(d.state().active()).isFalse();
        assertThat(d.state().criticalSince()).isEqualTo(T0);
    }

    @Test
    void the_gate_closes_after_two_hours_and_one_minute_of_critical() {
        DeployGate.State s = critical(DeployGate.State.CLEAR, Duration.ZERO).state();
        s = critical(s, Duration.ofMinutes(119)).state();
        DeployGate.Decision d = critical(s, Duration.ofMinutes(121));
        assertThat(d.change()).isEqualTo(DeployGate.Change.OPENED);
        assertThat(d.state().gateSince()).isEqualTo(T0.plus(Duration.ofMinutes(121)));
        assertThat(d.state().gateBurnPct()).isEqualTo(250);
    }

    @Test
    void a_run_below_critical_restarts_the_two_hour_clock() {
        DeployGate.State s = critical(DeployGate.State.CLEAR, Duration.ZERO).state();
        s = DeployGate.next(s, BurnAlert.WARNING, 180, T0.plus(Duration.ofMinutes(60))).state();
        assertThat(s.criticalSince()).isNull();
        s = critical(s, Duration.ofMinutes(75)).state();
        DeployGate.Decision d = critical(s, Duration.ofMinutes(121));
        assertThat(d.state().active()).as("critical only since 1h15").isFalse();
    }

    @Test
    void warning_keeps_an_active_gate_and_below_150_lifts_it() {
        DeployGate.State active = new DeployGate.State(T0, T0.plus(Duration.ofHours(2)), 250.0);
        DeployGate.Decision warning = DeployGate.next(active, BurnAlert.WARNING, 150, T0.plus(Duration.ofHours(3)));
        assertThat(warning.state().active()).isTrue();
        assertThat(warning.change()).isEqualTo(DeployGate.Change.NONE);
        DeployGate.Decision lifted = DeployGate.next(warning.state(), BurnAlert.WATCH, 149.99, T0.plus(Duration.ofHours(4)));
        assertThat(lifted.change()).isEqualTo(DeployGate.Change.LIFTED);
        assertThat(lifted.state().active()).isFalse();
    }
}
