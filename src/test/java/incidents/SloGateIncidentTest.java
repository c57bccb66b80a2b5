package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.FakeTelegram;
import support.RunningDaemon;

class SloGateIncidentTest {
    @TempDir
    Path home;

    @Test
    void two_hours_of_critical_burn_open_the_gate_and_page_telegram() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-10-20T12:00:00Z"));
        try (FakeTelegram telegram = new FakeTelegram();
             RunningDaemon d = new RunningDaemon(home).clock(clock).set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN)
                     .set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT).set("TELEGRAM_API_BASE_URL", telegram.baseUrl()).start()) {
            StringBuilder events = new StringBuilder();
            for (int k = 0; k < 20; k++) {   // half the requests fail: burn far above 200 %
                events.append("{\"ts\":\"2025-10-20T11:59:").append(10 + k).append("Z\",\"status\":").append(k % 2 == 0 ? 500 : 200)
                        .append(",\"latency_ms\":100}\n");
            }
            assertThat(d.post("/api/metrics/requests", "application/x-ndjson", events.toString()).status()).isEqualTo(200);
            Object first = d.call("slo-budget-run", null);
            assertThat(((slo.SloRun) first).data().get("burn_alert")).isEqualTo("CRITICAL");
            clock.advance(Duration.ofHours(2).plusMinutes(1));
            slo.SloRun run = (slo.SloRun) d.call("slo-budget-run", null);
            assertThat(run.gateOpened()).isTrue();   // the body is still the SloRun after the raise
            assertThat(Files.exists(d.logs().resolve("deploy_gate.flag"))).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> telegram.deliveredContaining("Deploy gate opened").size() == 1);
            String text = telegram.deliveredContaining("Deploy gate opened").get(0);
            assertThat(text).contains("CRITICAL INCIDENT").contains("Source: slo_budget").contains("since 2025-10-20T12:00");
            assertThat(text).contains("Fingerprint: " + Fingerprint.of(Severity.CRITICAL, "slo_budget",
                    (String) run.incident().get("msg")));
            assertThat(run.data().get("deploy_gate_active")).isEqualTo(true);
        }
    }
}
