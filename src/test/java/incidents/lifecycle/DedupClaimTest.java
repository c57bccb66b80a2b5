package incidents.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import base.StateDb;
import incidents.Incident;
import incidents.RaiseLifecycle.Claim;
import incidents.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.PostgresSchema;

/**
 * The dedup claim on the incident's row: one page per fingerprint and window, none for an
 * acknowledged incident, a new window for the incident after a resolved one, and a take-back that
 * gives back only its own claim. On SQLite, and on PostgreSQL when ECHOPILOT_TEST_PG_URL is set.
 */
class DedupClaimTest {
    private static final Duration WINDOW = Duration.ofMinutes(60);
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T03:00:00Z"));

    @Test
    void on_sqlite() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            everyRule(db);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = PostgresSchema.URL_VARIABLE, matches = "jdbc:postgresql:.*")
    void on_postgresql() throws Exception {
        try (StateDb db = new StateDb(PostgresSchema.fresh())) {
            everyRule(db);
        }
    }

    private void everyRule(StateDb db) {
        IncidentStates states = new IncidentStates(db);
        a_fingerprint_pages_once_per_window(db, states);
        an_acknowledged_incident_claims_nothing_and_the_next_incident_pages_at_once(db, states);
        a_taken_back_raise_gives_back_its_own_claim_and_never_a_later_one(db, states);
    }

    private void a_fingerprint_pages_once_per_window(StateDb db, IncidentStates states) {
        assertThat(claim(db, states, "aaaaaaaaaaaa")).isEqualTo(Claim.WON);
        clock.advance(Duration.ofMillis(1));
        assertThat(claim(db, states, "aaaaaaaaaaaa")).as("within the window").isEqualTo(Claim.LOST);
        assertThat(claim(db, states, "bbbbbbbbbbbb")).as("another fingerprint").isEqualTo(Claim.WON);
        clock.advance(WINDOW.minusMillis(2));
        assertThat(claim(db, states, "aaaaaaaaaaaa")).as("1 ms before the window ends").isEqualTo(Claim.LOST);
        clock.advance(Duration.ofMillis(1));
        assertThat(claim(db, states, "aaaaaaaaaaaa")).as("the window has passed").isEqualTo(Claim.WON);
        clock.advance(Duration.ofMillis(1));
        assertThat(claim(db, states, "aaaaaaaaaaaa")).as("a new window from the new page").isEqualTo(Claim.LOST);
        IncidentState a = states.latest("aaaaaaaaaaaa").orElseThrow();
        assertThat(a.count()).as("every raise counted on the one incident").isEqualTo(5);
    }

    private void an_acknowledged_incident_claims_nothing_and_the_next_incident_pages_at_once(StateDb db, IncidentStates states) {
        assertThat(claim(db, states, "cccccccccccc")).isEqualTo(Claim.WON);
        IncidentState c = states.latest("cccccccccccc").orElseThrow();
        assertThat(states.move(c.id(), IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, "ana", clock.millis())).isTrue();
        clock.advance(WINDOW.multipliedBy(2));
        assertThat(claim(db, states, "cccccccccccc")).as("acknowledged, even past the window").isEqualTo(Claim.HELD);
        assertThat(states.move(c.id(), IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESOLVED, "ana", clock.millis())).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(claim(db, states, "cccccccccccc")).as("resolved: a new incident, within no window").isEqualTo(Claim.WON);
        assertThat(states.latest("cccccccccccc").orElseThrow().id()).isNotEqualTo(c.id());
    }

    private void a_taken_back_raise_gives_back_its_own_claim_and_never_a_later_one(StateDb db, IncidentStates states) {
        Incident first = incident("dddddddddddd");
        assertThat(claim(db, states, first)).isEqualTo(Claim.WON);
        unclaim(db, states, first);
        clock.advance(Duration.ofMillis(1));
        assertThat(claim(db, states, "dddddddddddd")).as("given back: the next raise pages").isEqualTo(Claim.WON);
        clock.advance(WINDOW);
        assertThat(claim(db, states, "dddddddddddd")).isEqualTo(Claim.WON);
        unclaim(db, states, first);   // a stale take-back
        clock.advance(Duration.ofMillis(1));
        assertThat(claim(db, states, "dddddddddddd")).as("the later claim stands").isEqualTo(Claim.LOST);
    }

    private Claim claim(StateDb db, IncidentStates states, String fingerprint) {
        return claim(db, states, incident(fingerprint));
    }

    private Claim claim(StateDb db, IncidentStates states, Incident i) {
        return db.inTransaction(c -> states.countAndClaim(c, i, clock.millis() - WINDOW.toMillis()));
    }

    private static void unclaim(StateDb db, IncidentStates states, Incident i) {
        db.inTransaction(c -> {
            states.unclaim(c, i);
            return null;
        });
    }

    private Incident incident(String fingerprint) {
        return new Incident(clock.instant(), Severity.WARNING, "api", "queue depth over threshold", fingerprint);
    }
}
