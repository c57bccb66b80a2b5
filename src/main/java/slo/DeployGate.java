package slo;

import java.time.Duration;
import java.time.Instant;

/**
 * The deploy gate decision: it opens when the burn alert has been CRITICAL on every run for
 * two hours, and lifts when the burn falls below 150 % (WARNING keeps it shut) or on rebaseline.
 */
public final class DeployGate {
    public static final Duration CRITICAL_FOR = Duration.ofHours(2);
    /** Below WARNING: a WARNING burn keeps the gate shut. */
    public static final double LIFT_BELOW_PCT = BurnAlert.WARNING_FROM_PCT;
    /** In logs/: present while the gate is active; the autoscaler reads it too. */
    public static final String FLAG_FILE = "deploy_gate.flag";
    /** How the flag file and the CRITICAL page explain the gate. */
    static final String BLOCKED_UNTIL = "deploys are blocked until burn falls below " + percent(LIFT_BELOW_PCT)
            + " or an operator rebaselines";

    /** What the gate remembers between runs; null fields mean "not critical" and "open road". */
    public record State(Instant criticalSince, Instant gateSince, Double gateBurnPct) {
        public static final State CLEAR = new State(null, null, null);

        public boolean active() {
            return gateSince != null;
        }
    }

    /** What changed in this run. */
    public enum Change { NONE, OPENED, LIFTED }

    public record Decision(State state, Change change) {
    }

    private DeployGate() {
    }

    /** 150 -> "150 %", as the seed's texts write thresholds. */
    static String percent(double pct) {
        return (long) pct + " %";
    }

    public static Decision next(State s, BurnAlert alert, double burnRatePct, Instant now) {
        Instant criticalSince = alert == BurnAlert.CRITICAL
                ? (s.criticalSince() == null ? now : s.criticalSince())
                : null;
        if (!s.active() && criticalSince != null && !now.isBefore(criticalSince.plus(CRITICAL_FOR))) {
            return new Decision(new State(criticalSince, now, burnRatePct), Change.OPENED);
        }
        if (s.active() && burnRatePct < LIFT_BELOW_PCT) {
            return new Decision(new State(criticalSince, null, null), Change.LIFTED);
        }
        return new Decision(new State(criticalSince, s.gateSince(), s.gateBurnPct()), Change.NONE);
    }
}
