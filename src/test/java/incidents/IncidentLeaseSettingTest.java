package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import base.ConfigException;
import base.Settings;
import org.junit.jupiter.api.Test;

/** INCIDENT_LEASE_SEC: how long a replica holds the outbox pages it sends; too short a lease is refused. */
class IncidentLeaseSettingTest {
    private static IncidentSettings with(String leaseSec) {
        Map<String, String> env = new HashMap<>(Map.of("INCIDENT_DEDUP_WINDOW_MIN", "60", "NOTIFY_MAX_ATTEMPTS", "5",
                "NOTIFY_BACKOFF_MS", "1000"));
        env.put("INCIDENT_LEASE_SEC", leaseSec);
        return IncidentSettings.from(new Settings(env::get));
    }

    @Test
    void the_lease_is_the_setting_in_seconds() {
        assertThat(with("8").lease()).isEqualTo(Duration.ofSeconds(8));
        assertThat(with("60").lease()).isEqualTo(Lease.DEFAULT_LENGTH);
    }

    @Test
    void a_lease_under_five_seconds_stops_start_up_naming_the_setting_and_the_range() {
        assertThatThrownBy(() -> with("2")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("INCIDENT_LEASE_SEC").hasMessageContaining("from 5 to 3600");
        assertThatThrownBy(() -> with("")).isInstanceOf(ConfigException.class).hasMessageContaining("INCIDENT_LEASE_SEC");
    }
}
