package slo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BurnAlertTest {

    @ParameterizedTest(name = "a burn of {0} % is {1}")
    @CsvSource({
            "0, OK",
            "99.99, OK",
            "100, WATCH",
            "149.99, WATCH",
            "150, WARNING",
            "200, WARNING",
            "200.01, CRITICAL",
            "1000, CRITICAL"})
    void the_alert_level_follows_the_seed_boundaries(double burn, BurnAlert expected) {
        assertThat(BurnAlert.of(burn)).isEqualTo(expected);
    }
}
