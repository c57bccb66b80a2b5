package slo;

import java.time.Duration;
import java.util.List;

/**
 * Multi-window, multi-burn-rate alerts from the Google SRE Workbook, chapter 5 "Alerting on
 * SLOs", table 5-8 (https://sre.google/workbook/alerting-on-slos/): an alert fires when both
 * its long and its short window burn faster than the factor; the short window makes it stop
 * soon after the burn stops. Factor 14.4 over 1 h spends 2 % of a 30-day budget, 6 over 6 h
 * spends 5 %, 1 over 3 days spends 10 %.
 */
public final class BurnWindows {
    /** One alert: a long and a short window and the burn factor both must exceed. */
    public record BurnWindow(String name, Duration longWindow, Duration shortWindow, double factor) {
    }

    public static final List<BurnWindow> SRE_WORKBOOK = List.of(
            new BurnWindow("page_1h_5m", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
            new BurnWindow("page_6h_30m", Duration.ofHours(6), Duration.ofMinutes(30), 6),
            new BurnWindow("ticket_3d_6h", Duration.ofDays(3), Duration.ofHours(6), 1));

    /** A window's burn multiples and whether its alert fires. */
    public record Evaluation(BurnWindow window, double longBurn, double shortBurn) {
        public boolean firing() {
            return longBurn > window.factor() && shortBurn > window.factor();
        }
    }

    private BurnWindows() {
    }
}
