package incidents.lifecycle;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import base.Settings;

/**
 * The incident lifecycle's settings, validated when loaded (defaults in application.properties).
 *
 * @param autoResolveAfter   INCIDENT_AUTO_RESOLVE_HRS: an open incident not raised again for this long resolves by timeout
 * @param escalateAfter      ESCALATE_AFTER_MIN: a CRITICAL incident unacknowledged this long escalates; zero = off
 * @param escalationChannels ESCALATION_CHANNELS: where an escalation goes (channel names, comma-separated)
 * @param silenceMax         SILENCE_MAX_DAYS: the longest silence
 */
public record LifecycleSettings(Duration autoResolveAfter, Duration escalateAfter, List<String> escalationChannels,
                                Duration silenceMax) {
    public static LifecycleSettings from(Settings s) {
        return new LifecycleSettings(Duration.ofHours(s.integer("INCIDENT_AUTO_RESOLVE_HRS", 1, 8760)),
                Duration.ofMinutes(s.integer("ESCALATE_AFTER_MIN", 0, 10_080)),
                Arrays.stream(s.text("ESCALATION_CHANNELS", "email").split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList(),
                Duration.ofDays(s.integer("SILENCE_MAX_DAYS", 1, 365)));
    }

    public boolean escalates() {
        return !escalateAfter.isZero() && !escalationChannels.isEmpty();
    }
}
