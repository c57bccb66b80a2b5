package slo;

/**
 * The seed's burn alert levels over burn_rate_pct (100 = burning exactly the daily budget):
 * OK below 100, WATCH from 100 to below 150, WARNING from 150 to 200, CRITICAL above 200.
 */
public enum BurnAlert {
    OK, WATCH, WARNING, CRITICAL;

    public static BurnAlert of(double burnRatePct) {
        if (burnRatePct > 200) {
            return CRITICAL;
        }
        if (burnRatePct >= 150) {
            return WARNING;
        }
        if (burnRatePct >= 100) {
            return WATCH;
        }
        return OK;
    }
}
