package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.FakeTelegram;
import support.RunningDaemon;

/** A raise is answered 200 only once its row and its history line are both written; the two never drift apart. */
class RaiseRecordTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path home;

    private RunningDaemon daemon(FakeTelegram telegram) {
        return new RunningDaemon(home).set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                .set("TELEGRAM_API_BASE_URL", telegram.baseUrl()).set("NOTIFY_MAX_ATTEMPTS", "2").set("NOTIFY_BACKOFF_MS", "50");
    }

    private static RunningDaemon.Reply raise(RunningDaemon d, String severity, String msg) throws Exception {
        return d.postJson("/api/incidents/raise", "{\"severity\":\"" + severity + "\",\"msg\":\"" + msg + "\",\"source\":\"record\"}");
    }

    private static List<String> raiseLines(RunningDaemon d) throws Exception {
        return d.readLog("incidents.ndjson").lines().filter(l -> l.contains("\"event\":\"raise\"")).toList();
    }

    @Test
    void a_raise_whose_history_line_cannot_be_written_is_answered_an_error_and_has_no_effect() throws Exception {
        Path history = home.resolve("logs").resolve("incidents.ndjson");
        Files.createDirectories(history); // a folder where the file should be: every append fails
        try (FakeTelegram telegram = new FakeTelegram(); RunningDaemon d = daemon(telegram).start()) {
            RunningDaemon.Reply r = raise(d, "CRITICAL", "Unrecorded critical");
            assertThat(r.status()).as(r.text()).isGreaterThanOrEqualTo(500);
            assertThat(r.json().get("ok").asBoolean()).isFalse();
            assertThat(raise(d, "WARNING", "Unrecorded warning").status()).isGreaterThanOrEqualTo(500);
            d.call("incident-run", null); // delivers whatever the outbox holds, synchronously
            assertThat(telegram.requests).isEmpty();
            JsonNode s = d.postJson("/api/incidents/summary", "").json().get("summary");
            assertThat(s.get("total_incidents").asLong()).isZero();
            assertThat(s.get("pages_pending").asLong()).isZero();

            Files.delete(history);
            RunningDaemon.Reply again = raise(d, "CRITICAL", "Unrecorded critical");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("deduplicated").asBoolean()).as("the failed raise was taken back whole").isFalse();
            await().atMost(WAIT).until(() -> telegram.deliveredContaining("Unrecorded critical").size() == 1);
        }
    }

    @Test
    void a_stored_raise_without_its_line_gets_one_at_start_and_only_once() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram()) {
            try (RunningDaemon first = daemon(telegram).start()) {
                raise(first, "CRITICAL", "Kept across the crash");
                raise(first, "WARNING", "Lost line of a warning");
                raise(first, "WARNING", "Lost line of a warning");
                await().atMost(WAIT).until(() -> telegram.deliveredContaining("Kept across the crash").size() == 1);
            }
            // as if the daemon died between committing the two warnings and appending their lines
            Path history = home.resolve("logs").resolve("incidents.ndjson");
            List<String> kept = Files.readAllLines(history).stream().filter(l -> !l.contains("Lost line of a warning")).toList();
            Files.write(history, kept);
            try (RunningDaemon second = daemon(telegram).start()) {
                List<String> restored = raiseLines(second).stream().filter(l -> l.contains("Lost line of a warning")).toList();
                assertThat(restored).hasSize(2).allMatch(l -> l.contains("\"reconciled\":true"));
                assertThat(restored).anyMatch(l -> l.contains("\"deduplicated\":true")).anyMatch(l -> l.contains("\"deduplicated\":false"));
                assertThat(raiseLines(second).stream().filter(l -> l.contains("Kept across the crash"))).hasSize(1);
            }
            try (RunningDaemon third = daemon(telegram).start()) {
                assertThat(raiseLines(third)).hasSize(3);
            }
        }
    }
}
