package incidents.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.FakeTelegram;
import support.MutableClock;
import support.RunningDaemon;

class LifecycleRestartTest {
    @TempDir
    Path home;
    final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T12:00:00Z"));

    private RunningDaemon daemon(FakeTelegram telegram) {
        return new RunningDaemon(home).clock(clock).set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN)
                .set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT).set("TELEGRAM_API_BASE_URL", telegram.baseUrl())
                .set("ESCALATE_AFTER_MIN", "15").set("ESCALATION_CHANNELS", "telegram");
    }

    @Test
    void an_acknowledgement_and_an_escalation_survive_a_restart() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram()) {
            String acked;
            try (RunningDaemon first = daemon(telegram).start()) {
                acked = first.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"Acked before restart\"}")
                        .json().get("fingerprint").asText();
                first.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"Escalated before restart\"}");
                assertThat(first.postJson("/api/incidents/ack", "{\"fingerprint\":\"" + acked + "\",\"by\":\"ana\"}").status())
                        .isEqualTo(200);
                clock.advance(Duration.ofMinutes(16));
                first.call("incident-run", null);
                await().atMost(Duration.ofSeconds(30)).until(() -> telegram.deliveredContaining("ESCALATED").stream()
                        .filter(t -> t.contains("Escalated before restart")).count() == 1);
                assertThat(telegram.deliveredContaining("ESCALATED")).noneMatch(t -> t.contains("Acked before restart"));
            }
            clock.advance(Duration.ofHours(2)); // past the dedup window too
            try (RunningDaemon second = daemon(telegram).start()) {
                assertThat(second.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"Acked before restart\"}")
                        .json().get("routing").asText()).isEqualTo("acknowledged");
                second.call("incident-run", null);
                second.awaitPagerQuiet();
                assertThat(telegram.deliveredContaining("ESCALATED")).hasSize(1);
                assertThat(telegram.deliveredContaining("Acked before restart")).hasSize(1);
                assertThat(second.get("/api/incidents?status=acknowledged").json().at("/incidents/0/acknowledged_by").asText())
                        .isEqualTo("ana");
            }
        }
    }
}
