package base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @ParameterizedTest(name = "HTTP_IDLE_TIMEOUT={0} is {1} ms")
    @CsvSource({"30, 30000", "2s, 2000", "1m, 60000", "1500ms, 1500", "1h, 3600000"})
    void a_whole_number_is_seconds_and_anything_else_a_camel_duration(String value, long millis) {
        Settings s = new Settings(Map.of("HTTP_IDLE_TIMEOUT", value)::get);
        assertThat(s.secondsOrDuration("HTTP_IDLE_TIMEOUT")).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "HTTP_IDLE_TIMEOUT={0} is refused: {1}")
    @CsvSource({"0, out of range", "500ms, out of range", "2h, out of range", "soon, is not a duration", "-5, must be longer than 0"})
    void a_timeout_outside_one_second_to_one_hour_names_the_variable(String value, String problem) {
        Settings s = new Settings(Map.of("HTTP_IDLE_TIMEOUT", value)::get);
        assertThatThrownBy(() -> s.secondsOrDuration("HTTP_IDLE_TIMEOUT")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTP_IDLE_TIMEOUT: '" + value + "'").hasMessageContaining(problem);
    }
}
