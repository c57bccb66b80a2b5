package scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class HoltForecastTest {
    private final HoltForecast holt = new HoltForecast();

    @Test
    void a_flat_series_forecasts_the_same_rate() {
        double[] flat = new double[60];
        Arrays.fill(flat, 7);
        assertThat(holt.forecast(flat, 30)).isCloseTo(7, within(1e-9));
    }

    @Test
    void a_straight_line_is_extrapolated_along_the_line() {
        double[] line = new double[60];
        for (int i = 0; i < 60; i++) {
            line[i] = 2 + 0.25 * i;
        }
        // last point 16.75 at step 59; 30 steps later the line is at 24.25 (the trend starts at 0 and catches up)
        assertThat(holt.forecast(line, 30)).isCloseTo(24.25, within(0.5));
    }

    @Test
    void a_falling_series_never_forecasts_a_negative_rate() {
        double[] falling = new double[60];
        for (int i = 0; i < 60; i++) {
            falling[i] = 30 - 0.5 * i;
        }
        assertThat(holt.forecast(falling, 30)).isZero();
    }

    @Test
    void a_rising_series_is_forecast_above_the_threshold_while_its_recent_mean_is_still_below() {
        long[] rising = new long[60];
        for (int i = 0; i < 60; i++) {
            rising[i] = Math.round(0.15 * i);
        }
        double lastTenMean = Arrays.stream(rising, 50, 60).average().orElseThrow();
        assertThat(lastTenMean).isLessThan(10);
        assertThat(holt.forecast(rising, 30)).isGreaterThan(10);
    }

    @Test
    void one_busy_minute_after_a_quiet_hour_does_not_forecast_a_high_rate() {
        double[] spike = new double[60];
        Arrays.fill(spike, 2);
        spike[59] = 20;
        double f = holt.forecast(spike, 30);
        assertThat(f).isGreaterThan(2).isLessThan(10);
    }

    @Test
    void empty_and_single_point_series_are_handled() {
        assertThat(holt.forecast(new double[0], 30)).isZero();
        assertThat(holt.forecast(new double[] {4}, 30)).isEqualTo(4);
    }
}
