package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.FakeTelegram;
import support.RunningDaemon;

class RestartTest {
    @TempDir
    Path home;

    private RunningDaemon daemon(FakeTelegram telegram) {
        return new RunningDaemon(home).set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                .set("TELEGRAM_API_BASE_URL", telegram.baseUrl()).set("NOTIFY_MAX_ATTEMPTS", "2").set("NOTIFY_BACKOFF_MS", "50");
    }

    @Test
    void a_restart_keeps_the_dedup_window_and_delivers_the_pending_page_once() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram()) {
            try (RunningDaemon first = daemon(telegram).start()) {
                assertThat(first.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"Paged before restart\"}")
                        .json().get("deduplicated").asBoolean()).isFalse();
                await().atMost(Duration.ofSeconds(30)).until(() -> telegram.deliveredContaining("Paged before restart").size() == 1);
                telegram.down();
                first.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"Pending across restart\"}");
                await().atMost(Duration.ofSeconds(30)).until(() -> first.readLog("incidents.ndjson").lines()
                        .filter(l -> l.contains("\"attempt\":2") && l.contains("\"ok\":false")).count() == 1);
            }
            telegram.heal();
            try (RunningDaemon second = daemon(telegram).start()) {
                // the run just after start delivers what the outbox holds
                await().atMost(Duration.ofSeconds(30)).until(() -> telegram.deliveredContaining("Pending across restart").size() == 1);
                assertThat(second.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"Paged before restart\"}")
                        .json().get("deduplicated").asBoolean()).isTrue();
                second.call("incident-run", null);
                assertThat(telegram.deliveredContaining("Pending across restart")).as(second.readLog("incidents.ndjson")).hasSize(1);
                assertThat(telegram.deliveredContaining("Paged before restart")).hasSize(1);
            }
        }
    }
}
