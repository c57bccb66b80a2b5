package incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import base.NdjsonAppender;
import base.StateDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas share incident_raises, but each reconciles only the raises whose line belongs in its own incidents.ndjson. */
class RaiseLogReplicasTest {
    @TempDir
    Path dir;

    @Test
    void a_replica_at_start_writes_lines_only_for_its_own_raises() throws Exception {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("state.db")); NdjsonAppender appender = new NdjsonAppender()) {
            RaiseLog onA = new RaiseLog(db, "node-a");
            RaiseLog onB = new RaiseLog(db, "node-b");
            Instant now = Instant.parse("2026-11-30T03:00:00Z");
            db.inTransaction(c -> {
                for (int i = 0; i < 3; i++) {
                    onA.insert(c, Incident.from(Map.of("severity", "ERROR", "msg", "raised on a " + i), now.plusMillis(i)), false);
                }
                onB.insert(c, Incident.from(Map.of("severity", "ERROR", "msg", "raised on b"), now), false);
                return null;
            });
            Path historyOfB = dir.resolve("b/incidents.ndjson");
            Files.createDirectories(historyOfB.getParent());
            assertThat(new HistoryReconciler(onB, historyOfB, appender).reconcile()).as("only b's own raise").isEqualTo(1);
            assertThat(Files.readString(historyOfB)).contains("raised on b").doesNotContain("raised on a");
            Path historyOfA = dir.resolve("a/incidents.ndjson");
            Files.createDirectories(historyOfA.getParent());
            assertThat(new HistoryReconciler(onA, historyOfA, appender).reconcile()).isEqualTo(3);
        }
    }
}
