package slo;

/**
 * The seed's burn alert levels over burn_rate_pct (100 = burning exactly the daily budget):
 * OK below 100, WATCH from 100 to below 150, WARNING from 150 to 200, CRITICAL above 200.
 */
public enum BurnAlert {
    OK, WATCH, WARNING, CRITICAL;

    public static final double CRITICAL_ABOVE_PCT = 200;
    public static final double WARNING_FROM_PCT = 150;
    public static final double WATCH_FROM_PCT = 100;

    public static BurnAlert of(double burnRatePct) {
        if (burnRatePct > CRITICAL_ABOVE_PCT) {
            return CRITICAL;
        }
        if (burnRatePct >= WARNING_FROM_PCT) {
            return WARNING;
        }
        if (burnRatePct >= WATCH_FROM_PCT) {
            return WATCH;
        }
        return OK;
    }
}
