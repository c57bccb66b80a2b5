package incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;

/** The dedup claim: one statement whose row count decides, a release that only gives back its own claim, the purge. */
class DedupLogTest {
    private static final Duration WINDOW = Duration.ofMinutes(60);
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T03:00:00Z"));

    private boolean claim(StateDb db, String fingerprint) {
        DedupLog log = new DedupLog(db, WINDOW, clock);
        return db.inTransaction(c -> log.claim(c, fingerprint, clock.millis()));
    }

    @Test
    void a_fingerprint_is_claimed_once_per_window_and_again_once_the_window_has_passed() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("a.db"))) {
            DedupLog log = new DedupLog(db, WINDOW, clock);
            assertThat(claim(db, "aaaaaaaaaaaa")).isTrue();
            assertThat(claim(db, "aaaaaaaaaaaa")).as("within the window").isFalse();
            assertThat(claim(db, "bbbbbbbbbbbb")).as("another fingerprint").isTrue();
            clock.advance(WINDOW.minusMillis(1));
            assertThat(claim(db, "aaaaaaaaaaaa")).as("1 ms before the window ends").isFalse();
            clock.advance(Duration.ofMillis(1));
            assertThat(claim(db, "aaaaaaaaaaaa")).as("the window has passed").isTrue();
            assertThat(claim(db, "aaaaaaaaaaaa")).as("a new window from the new page").isFalse();
            assertThat(log.purgeExpired()).as("b's row is older than the window").isEqualTo(1);
        }
    }

    @Test
    void a_taken_back_raise_releases_its_own_claim_and_never_a_later_one() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("b.db"))) {
            new DedupLog(db, WINDOW, clock);
            long first = clock.millis();
            assertThat(claim(db, "cccccccccccc")).isTrue();
            db.inTransaction(c -> {
                DedupLog.release(c, "cccccccccccc", first);
                return null;
            });
            assertThat(claim(db, "cccccccccccc")).as("released: the next raise pages").isTrue();
            clock.advance(WINDOW);
            assertThat(claim(db, "cccccccccccc")).isTrue();
            db.inTransaction(c -> {
                DedupLog.release(c, "cccccccccccc", first); // a stale take-back
                return null;
            });
            assertThat(claim(db, "cccccccccccc")).as("the later claim stands").isFalse();
        }
    }
}
