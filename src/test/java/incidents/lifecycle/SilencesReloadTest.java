package incidents.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import base.StateDb;
import incidents.Incident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raise path reads the silences without waiting on the state database (it may run on the HTTP
 * event loop): one made here counts at once, one another replica made within seconds, and a reread
 * that fails keeps the ones read before.
 */
class SilencesReloadTest {
    @TempDir
    Path dir;

    private Silences silences(StateDb db) {
        return new Silences(db, new SilenceMatcher(), Duration.ofDays(7), Clock.systemUTC());
    }

    private static Incident raise(String source) {
        return Incident.from(Map.of("severity", "ERROR", "msg", "disk full", "source", source), Instant.now());
    }

    private static Map<String, Object> silenceOf(String source) {
        return Map.of("matchers", Map.of("source", source), "duration_min", 60, "created_by", "ana");
    }

    @Test
    void a_silence_made_here_counts_at_once_and_one_another_replica_made_within_seconds() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            Silences here = silences(db);
            Silences otherReplica = silences(db);
            assertThat(here.matching(raise("db-backup"))).isEmpty();
            assertThat(otherReplica.matching(raise("api"))).isEmpty();

            here.create(silenceOf("db-backup"));
            assertThat(here.matching(raise("db-backup"))).as("made here").isPresent();

            otherReplica.create(silenceOf("api"));
            assertThat(here.matching(raise("api"))).as("read before the other replica made it").isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> here.matching(raise("api")).isPresent());
        }
    }

    @Test
    void a_reread_that_fails_keeps_the_silences_read_before() {
        StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"));
        Silences here = silences(db);
        here.create(silenceOf("db-backup"));
        db.close(); // every reread fails from now on
        await().during(Duration.ofMillis(2 * Silences.RELOAD_NANOS / 1_000_000)).atMost(Duration.ofSeconds(5))
                .until(() -> here.matching(raise("db-backup")).isPresent() && here.matching(raise("api")).isEmpty());
    }
}
