package costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The window's edges and the forecast method, on plain rows. */
class SpendWindowTest {
    static final long NOW = Instant.parse("2025-10-20T18:00:30Z").toEpochMilli();
    static final long MIN = UsageLog.MINUTE;
    static final long HOUR = UsageLog.HOUR;

    private static UsageRepository.Row row(String model, long minutesAgo, String usd) {
        return new UsageRepository.Row(model, UsageLog.floor(NOW, MIN) - minutesAgo * MIN, Money.nanos(new java.math.BigDecimal(usd)));
    }

    @Test
    void the_window_holds_the_minute_of_now_minus_24_h_up_to_the_minute_of_now() {
        SpendWindow w = new SpendWindow(List.of(row("a", 24 * 60, "1"), row("a", 24 * 60 + 1, "2"),
                row("a", 0, "4"), row("a", -1, "8")), NOW);
        assertThat(w.total()).isEqualTo(Money.nanos(new java.math.BigDecimal("5")));
    }

    @Test
    void the_forecast_adds_the_last_hours_rate_to_what_stays_in_the_window() {
        // 10.00 spent 20 h ago, 1.00 in the last hour: the 10.00 counts for 4 more hours, so the peak
        // is then (k = 4: 10 + 1 + 4 x 1 = 15) or at 24 h (24 x 1 = 24): 24.00
        SpendWindow w = new SpendWindow(List.of(row("a", 20 * 60, "10"), row("a", 30, "1")), NOW);
        assertThat(Money.display(w.forecast("a"))).isEqualByComparingTo("24.00");
        // nothing in the last hour: the forecast is the spend now
        SpendWindow quiet = new SpendWindow(List.of(row("a", 20 * 60, "10")), NOW);
        assertThat(Money.display(quiet.forecastTotal())).isEqualByComparingTo("10.00");
        // 12.00 spent 2 h ago, 0.10 in the last hour: the 12.00 counts for 22 more hours: 12 + 0.1 + 22 x 0.1
        SpendWindow w2 = new SpendWindow(List.of(row("a", 120, "12"), row("a", 10, "0.1")), NOW);
        assertThat(Money.display(w2.forecast("a"))).isEqualByComparingTo("14.30");
    }

    @Test
    void a_million_small_amounts_sum_without_drift() {
        long nanos = 0;
        for (int i = 0; i < 1_000_000; i++) {
            nanos = Math.addExact(nanos, Money.nanos(new java.math.BigDecimal("0.0000001")));
        }
        assertThat(Money.usd(nanos)).isEqualByComparingTo("0.1");
        assertThat(Money.utilizationPct(Money.nanos(new java.math.BigDecimal("22.4975")), new java.math.BigDecimal("25")).toPlainString())
                .isEqualTo("89.99");
    }
}
