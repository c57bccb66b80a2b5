package incidents;

import java.time.Duration;

import base.Settings;

/**
 * The incident capability's settings, validated when loaded; every default is in
 * application.properties. The channels' own settings (Telegram, SMTP) are
 * {@code incidents.camel.ChannelSettings}.
 *
 * @param dedupWindow INCIDENT_DEDUP_WINDOW_MIN: a fingerprint paged within it is suppressed
 * @param retry       NOTIFY_MAX_ATTEMPTS and NOTIFY_BACKOFF_MS (channels.camel.yaml reads the backoff too)
 * @param smtpServer  SMTP_HOST:SMTP_PORT as send failures name it, empty parts when unset
 * @param lease       INCIDENT_LEASE_SEC: how long a replica holds an outbox page or digest entry it
 *                    takes ({@link Lease}); a dead replica's pages wait this long before another sends them
 */
public record IncidentSettings(Duration dedupWindow, RetryPolicy retry, String smtpServer, Duration lease) {
    static final int MAX_DEDUP_WINDOW_MIN = 525_600; // a year
    /** Below this a page that is only slow to be answered could be taken over and sent twice. */
    static final int MIN_LEASE_SEC = 5;
    static final int MAX_LEASE_SEC = 3_600;
    static final int MAX_ATTEMPTS = 20;
    static final int MAX_BACKOFF_MS = 600_000;

    public static IncidentSettings from(Settings s) {
        Duration dedup = Duration.ofMinutes(s.integer("INCIDENT_DEDUP_WINDOW_MIN", 1, MAX_DEDUP_WINDOW_MIN));
        RetryPolicy retry = new RetryPolicy(s.integer("NOTIFY_MAX_ATTEMPTS", 1, MAX_ATTEMPTS),
                s.integer("NOTIFY_BACKOFF_MS", 0, MAX_BACKOFF_MS));
        String smtp = s.optional("SMTP_HOST").orElse("") + ":" + s.optional("SMTP_PORT").orElse("");
        Duration lease = Duration.ofSeconds(s.integer("INCIDENT_LEASE_SEC", MIN_LEASE_SEC, MAX_LEASE_SEC));
        return new IncidentSettings(dedup, retry, smtp, lease);
    }
}
