package incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import support.PostgresSchema;

/** The summary's incident figures from the raise log, exact, on SQLite and (when configured) PostgreSQL. */
class RaiseLogTotalsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");
    @TempDir
    Path dir;

    @Test
    void on_sqlite() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db"))) {
            totalsAreExact(db);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = PostgresSchema.URL_VARIABLE, matches = "jdbc:postgresql:.*")
    void on_postgresql() throws Exception {
        try (StateDb db = new StateDb(PostgresSchema.fresh())) {
            totalsAreExact(db);
        }
    }

    private static void totalsAreExact(StateDb db) {
        RaiseLog log = new RaiseLog(db, "node-a");
        assertThat(log.totalsSince(0).totalIncidents()).as("no raise yet").isZero();
        assertThat(log.totalsSince(0).topFingerprints()).isEmpty();
        db.inTransaction(c -> {
            log.insert(c, raise(-5_000, Severity.CRITICAL, "old", "before the window", "fp-old"), false);
            for (int k = 0; k < 3; k++) {
                log.insert(c, raise(k, Severity.ERROR, "db", "replica lag " + k, "fp-lag"), k > 0);
            }
            log.insert(c, raise(10, Severity.WARNING, "api", "slow answers", "fp-slow"), false);
            log.insert(c, raise(11, Severity.WARNING, "api", "slow answers", "fp-slow"), true);
            log.insert(c, raise(12, Severity.CRITICAL, "db", "primary down", "fp-down"), false);
            return null;
        });
        IncidentSummary.Totals t = log.totalsSince(T0.toEpochMilli());
        assertThat(t.totalIncidents()).isEqualTo(6);
        assertThat(t.uniqueFingerprints()).isEqualTo(3);
        assertThat(t.suppressed()).isEqualTo(3);
        assertThat(t.bySeverity()).containsExactly(java.util.Map.entry("ERROR", 3L), java.util.Map.entry("WARNING", 2L),
                java.util.Map.entry("CRITICAL", 1L));
        assertThat(t.bySource()).containsExactly(java.util.Map.entry("db", 4L), java.util.Map.entry("api", 2L));
        assertThat(t.topFingerprints()).extracting(IncidentSummary.TopFingerprint::fingerprint)
                .containsExactly("fp-lag", "fp-slow", "fp-down");
        IncidentSummary.TopFingerprint lag = t.topFingerprints().get(0);
        assertThat(lag.severity()).isEqualTo("ERROR");
        assertThat(lag.source()).isEqualTo("db");
        assertThat(lag.msg()).as("the least of the raises' messages").isEqualTo("replica lag 0");
        assertThat(lag.count()).isEqualTo(3);
        assertThat(lag.suppressed()).isEqualTo(2);
        assertThat(lag.firstSeen()).isEqualTo(T0.toString());
        assertThat(lag.lastSeen()).isEqualTo(T0.plusMillis(2).toString());
        assertThat(t.topFingerprints().get(1).msg()).isEqualTo("slow answers");
    }

    private static Incident raise(long offsetMs, Severity severity, String source, String msg, String fingerprint) {
        return new Incident(T0.plusMillis(offsetMs), severity, source, msg, fingerprint);
    }
}
