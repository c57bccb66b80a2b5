package scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import base.ConfigException;
import base.Settings;
import org.junit.jupiter.api.Test;

class ScaleSettingsTest {
    private final Map<String, String> env = new HashMap<>(Map.of(
            "SCALE_MIN", "1", "SCALE_MAX", "6", "SCALE_COOLDOWN_MIN", "10", "SCALE_P95_HIGH_MS", "1000",
            "SCALE_P95_LOW_MS", "300", "SCALE_ARRIVAL_HIGH_PER_MIN", "10", "SCALE_ARRIVAL_LOW_PER_MIN", "2",
            "SCALE_DRY_RUN", "true", "SCALE_INTERVAL", "10m", "SCALE_ACTUATOR_URI", "file:/srv/logs?fileName=workers.desired"));

    private ScaleSettings settings() {
        return ScaleSettings.from(new Settings(env::get), Path.of("/srv/logs"));
    }

    @Test
    void the_defaults_are_the_seeds() {
        ScaleSettings s = settings();
        assertThat(s.limits()).isEqualTo(ScaleLimits.SEED);
        assertThat(s.dryRun()).isTrue();
        assertThat(s.actuatorUri()).isEqualTo("file:/srv/logs?fileName=workers.desired");
    }

    @Test
    void an_empty_actuator_uri_stops_start_up_saying_how_to_get_the_default() {
        env.put("SCALE_ACTUATOR_URI", " ");
        assertThatThrownBy(this::settings).isInstanceOf(ConfigException.class).hasMessageContaining("SCALE_ACTUATOR_URI")
                .hasMessageContaining("unset it to write /srv/logs/workers.desired");
    }

    @Test
    void a_max_below_the_min_stops_start_up_naming_scale_max() {
        env.put("SCALE_MIN", "4");
        env.put("SCALE_MAX", "2");
        assertThatThrownBy(this::settings).isInstanceOf(ConfigException.class).hasMessageContaining("SCALE_MAX");
    }

    @Test
    void a_low_threshold_at_or_above_the_high_one_is_refused() {
        env.put("SCALE_P95_LOW_MS", "1000");
        assertThatThrownBy(this::settings).isInstanceOf(ConfigException.class).hasMessageContaining("SCALE_P95_LOW_MS");
    }
}
