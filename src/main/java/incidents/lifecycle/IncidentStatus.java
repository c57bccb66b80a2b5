package incidents.lifecycle;

import java.util.Locale;

/** Where an incident stands: open -> acknowledged -> resolved (PagerDuty's model). */
public enum IncidentStatus {
    OPEN, ACKNOWLEDGED, RESOLVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IncidentStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
