package incidents;

import java.time.Clock;
import java.time.Duration;

/**
 * How this replica holds outbox pages and digest entries in the shared state database: under its
 * node id, until a time. A page is sent only by the replica whose lease on it is current; a replica
 * that dies mid-send leaves its lease to run out, and another then sends the page (at least once:
 * a replica killed between the channel's accept and the commit causes one repeat, as in
 * Alertmanager HA). {@code length} covers one attempt (the channels' timeouts are 10 s to connect
 * and 30 s to answer); a series of retries renews it before each wait. It is INCIDENT_LEASE_SEC.
 */
public record Lease(String holder, Duration length, Clock clock) {
    /** INCIDENT_LEASE_SEC's default (application.properties). */
    public static final Duration DEFAULT_LENGTH = Duration.ofSeconds(60);

    long now() {
        return clock.millis();
    }

    /** When a lease taken now runs out. */
    long until() {
        return clock.millis() + length.toMillis();
    }
}
