package incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import base.StateDb;
import incidents.camel.PagedFingerprints;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;

class PagedFingerprintsTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T12:00:00Z"));

    private Exchange exchangeWith(Raise raise) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setBody(raise);
        return e;
    }

    private Raise raise(String msg) {
        return new Raise(Incident.from(Map.of("severity", "CRITICAL", "msg", msg), clock.instant()));
    }

    @Test
    void a_page_that_was_not_queued_is_not_marked_as_sent() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("a.db")); GroupCommit writes = new GroupCommit(db)) {
            PagedFingerprints repo = new PagedFingerprints(new DedupLog(db, writes, Duration.ofMinutes(60), clock));
            Raise failed = raise("channel never took it");
            assertThat(repo.add(exchangeWith(failed), failed.getFingerprint())).isTrue();
            assertThat(repo.add(failed.getFingerprint())).as("claimed while in flight").isFalse();
            assertThat(repo.confirm(exchangeWith(failed), failed.getFingerprint())).isFalse();
            assertThat(repo.contains(failed.getFingerprint())).isFalse();
            // and a failed exchange releases its claim without recording anything
            assertThat(repo.add(failed.getFingerprint())).isTrue();
            repo.remove(failed.getFingerprint());
            assertThat(new DedupLog(db, writes, Duration.ofMinutes(60), clock).withinWindow(failed.getFingerprint())).isFalse();
        }
    }

    @Test
    void a_queued_page_is_persisted_survives_a_reopen_and_expires_after_the_window() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("b.db")); GroupCommit writes = new GroupCommit(db)) {
            PagedFingerprints repo = new PagedFingerprints(new DedupLog(db, writes, Duration.ofMinutes(60), clock));
            Raise queued = raise("queued for telegram");
            queued.routedTo("page", List.of("telegram"));
            assertThat(repo.add(queued.getFingerprint())).isTrue();
            assertThat(repo.confirm(exchangeWith(queued), queued.getFingerprint())).isTrue();
            DedupLog reopened = new DedupLog(db, writes, Duration.ofMinutes(60), clock);
            assertThat(reopened.withinWindow(queued.getFingerprint())).isTrue();
            clock.advance(Duration.ofMinutes(60));
            assertThat(reopened.withinWindow(queued.getFingerprint())).isFalse();
            assertThat(reopened.purgeExpired()).isEqualTo(1);
        }
    }
}
