package scale;

/**
 * Holt's linear (double exponential) smoothing of a per-minute series, extrapolated h steps:
 * level l and trend b are updated per point x as
 *   l' = alpha * x + (1 - alpha) * (l + b)
 *   b' = beta * (l' - l) + (1 - beta) * b
 * and the forecast is l + h * b, never below 0 (a rate cannot be negative).
 *
 * Parameters: alpha = 0.3, beta = 0.1. Per-minute request counts are Poisson-noisy (a minute with
 * mean 9 varies by +-3), so the level averages over roughly the last (2 - alpha) / alpha ~ 6
 * minutes: it follows a ramp within minutes but not every spike. The trend is extrapolated 30
 * steps, which multiplies its noise by 30, so it is smoothed harder (beta = 0.1: about the last
 * 20 minutes of slope) so that one busy minute does not read as a rising load. Initial level is
 * the first point, initial trend the mean slope of the first four points (Hyndman and
 * Athanasopoulos, "Forecasting: Principles and Practice", section 8.2).
 */
public final class HoltForecast {
    public static final double ALPHA = 0.3;
    public static final double BETA = 0.1;
    public static final String METHOD = "holt_linear";

    private final double alpha;
    private final double beta;

    public HoltForecast() {
        this(ALPHA, BETA);
    }

    public HoltForecast(double alpha, double beta) {
        if (!(alpha > 0 && alpha <= 1 && beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("alpha and beta must be in (0, 1]; got " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    /** The value {@code horizon} steps after the last point of {@code series} (0 for an empty series). */
    public double forecast(double[] series, int horizon) {
        if (series.length == 0) {
            return 0;
        }
        if (series.length == 1) {
            return Math.max(0, series[0]);
        }
        int initSteps = Math.min(3, series.length - 1);
        double level = series[0];
        double trend = (series[initSteps] - series[0]) / initSteps;
        for (int i = 1; i < series.length; i++) {
            double previous = level;
            level = alpha * series[i] + (1 - alpha) * (level + trend);
            trend = beta * (level - previous) + (1 - beta) * trend;
        }
        return Math.max(0, level + horizon * trend);
    }

    public double forecast(long[] series, int horizon) {
        double[] d = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            d[i] = series[i];
        }
        return forecast(d, horizon);
    }
}
