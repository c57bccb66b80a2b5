package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import support.Mailbox;
import support.MutableClock;
import support.FakeTelegram;
import support.RunningDaemon;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagerTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("pager@example.com", "pager", "smtp-secret-pass"))
            .withPerMethodLifecycle(false);
    @TempDir
    static Path home;
    static final Duration WAIT = Duration.ofSeconds(30);
    final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T12:00:00Z"));
    FakeTelegram telegram;
    RunningDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        telegram = new FakeTelegram();
        daemon = new RunningDaemon(home).clock(clock).paging(telegram, smtp.getSmtp().getPort())
                // with credentials over clear text, which only this explicit setting allows
                .set("SMTP_USER", "pager").set("SMTP_PASS", "smtp-secret-pass").set("SMTP_ALLOW_PLAINTEXT_AUTH", "true")
                .start();
        await().atMost(WAIT).until(() -> Files.exists(daemon.logs().resolve("incident_summary.json")));
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
        telegram.close();
    }

    private JsonNode raise(String severity, String msg, String source) throws Exception {
        RunningDaemon.Reply r = daemon.postJson("/api/incidents/raise",
                "{\"severity\":\"" + severity + "\",\"msg\":\"" + msg + "\",\"source\":\"" + source + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private JsonNode summary() throws Exception {
        return daemon.postJson("/api/incidents/summary", "").json().get("summary");
    }

    @Test
    void a_critical_incident_is_paged_on_telegram_and_email_with_the_seeds_format() throws Exception {
        JsonNode r = raise("CRITICAL", "Database connection lost", "healthcheck");
        assertThat(r.get("ok").asBoolean()).isTrue();
        assertThat(r.get("fingerprint").asText()).isEqualTo("c75893c52574");
        assertThat(r.get("deduplicated").asBoolean()).isFalse();
        assertThat(r.get("channels").toString()).isEqualTo("[\"telegram\",\"email\"]");

        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Database connection lost").size() == 1);
        FakeTelegram.Request req = telegram.requests.stream().filter(q -> q.text().contains("Database connection lost")).findFirst().orElseThrow();
        assertThat(req.path()).isEqualTo("/bot" + FakeTelegram.TOKEN + "/sendMessage");
        assertThat(req.body().path("chat_id").asText()).isEqualTo(FakeTelegram.CHAT);
        assertThat(req.text()).isEqualTo("🚨 <b>CRITICAL INCIDENT</b>\n\nDatabase connection lost\n\nSource: healthcheck\nFingerprint: c75893c52574");
        assertThat(req.body().path("parse_mode").asText()).isEqualTo("HTML");
        assertThat(req.body().path("reply_markup").toString()).isEqualTo("{\"inline_keyboard\":[[{\"text\":\"Acknowledge\","
                + "\"callback_data\":\"ack:c75893c52574\"},{\"text\":\"Resolve\",\"callback_data\":\"resolve:c75893c52574\"}]]}");

        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "Database connection lost").length == 1);
        MimeMessage mail = Mailbox.withSubject(smtp, "Database connection lost")[0];
        assertThat(mail.getSubject()).isEqualTo("[CRITICAL] healthcheck: Database connection lost");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
        assertThat(((String) mail.getContent())).contains("Fingerprint: c75893c52574");
    }

    @Test
    void the_same_raise_is_suppressed_then_paged_again_after_the_window() throws Exception {
        assertThat(raise("CRITICAL", "Queue stuck on worker 7", "queue").get("deduplicated").asBoolean()).isFalse();
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Queue stuck on worker 7").size() == 1);
        JsonNode again = raise("critical", "Queue stuck on worker 7", "queue");
        assertThat(again.get("deduplicated").asBoolean()).isTrue();
        assertThat(again.get("channels").size()).isZero();

        clock.advance(Duration.ofMinutes(61));
        assertThat(raise("CRITICAL", "Queue stuck on worker 7", "queue").get("deduplicated").asBoolean()).isFalse();
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Queue stuck on worker 7").size() == 2);
        String history = daemon.readLog("incidents.ndjson");
        assertThat(history.lines().filter(l -> l.contains("\"event\":\"raise\"") && l.contains("Queue stuck on worker 7"))).hasSize(3);
    }

    @Test
    void info_is_logged_only_and_never_paged() throws Exception {
        JsonNode r = raise("info", "Nightly backup finished", "backup");
        assertThat(r.get("routing").asText()).isEqualTo("log");
        assertThat(r.get("channels").size()).isZero();
        daemon.call("incident-run", null);
        daemon.awaitPagerQuiet();
        assertThat(telegram.requests).noneMatch(q -> q.text().contains("Nightly backup finished"));
        assertThat(daemon.readLog("incidents.ndjson")).contains("Nightly backup finished");
    }

    @Test
    void errors_and_warnings_go_into_one_digest_per_run() throws Exception {
        assertThat(raise("ERROR", "Payment webhook 502", "billing").get("routing").asText()).isEqualTo("digest");
        raise("WARNING", "Disk at 85 percent", "infra");
        daemon.awaitPagerQuiet();
        assertThat(telegram.requests).noneMatch(q -> q.text().contains("Payment webhook 502"));
        daemon.call("incident-run", null);
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Payment webhook 502").size() == 1);
        String digest = telegram.deliveredContaining("Payment webhook 502").get(0);
        assertThat(digest).contains("Incident digest").contains("Disk at 85 percent");
        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "[DIGEST]").length >= 1);
        daemon.call("incident-run", null);
        assertThat(telegram.deliveredContaining("Payment webhook 502")).hasSize(1);
    }

    @Test
    void a_page_that_fails_with_500_is_retried_then_delivered_and_each_attempt_is_logged() throws Exception {
        telegram.fail500Times(2);
        String fp = raise("CRITICAL", "Retry me please", "retry").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Retry me please").size() == 1);
        assertThat(telegram.requests.stream().filter(q -> q.text().contains("Retry me please"))).hasSize(3);
        await().atMost(WAIT).until(() -> daemon.readLog("incidents.ndjson").lines()
                .filter(l -> l.contains("\"event\":\"attempt\"") && l.contains(fp) && l.contains("\"channel\":\"telegram\"")).count() == 3);
        String attempts = daemon.readLog("incidents.ndjson");
        assertThat(attempts).contains("\"attempt\":3,\"ok\":true");
        assertThat(attempts).contains("HTTP 500");
    }

    @Test
    void a_429_waits_for_retry_after() throws Exception {
        telegram.throttleOnce(1);
        raise("CRITICAL", "Throttled page", "retry");
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Throttled page").size() == 1);
        var tries = telegram.requests.stream().filter(q -> q.text().contains("Throttled page")).toList();
        assertThat(tries).hasSize(2);
        assertThat(tries.get(1).atMillis() - tries.get(0).atMillis()).isGreaterThanOrEqualTo(950);
    }

    @Test
    void a_401_is_not_retried_and_the_failed_page_is_not_counted_as_sent() throws Exception {
        telegram.rejectWith401Times(1);
        String fp = raise("CRITICAL", "Unauthorized page", "auth").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "Unauthorized page").length == 1);
        await().atMost(WAIT).until(() -> daemon.readLog("incidents.ndjson").lines()
                .anyMatch(l -> l.contains(fp) && l.contains("\"channel\":\"telegram\"") && l.contains("HTTP 401")));
        assertThat(telegram.requests.stream().filter(q -> q.text().contains("Unauthorized page"))).hasSize(1);
        assertThat(telegram.deliveredContaining("Unauthorized page")).isEmpty();
        // every page counted as sent reached a server; the refused one is pending, not sent
        await().atMost(WAIT).until(() -> summary().get("pages_sent").asLong()
                == telegram.delivered().size() + smtp.getReceivedMessages().length);
        JsonNode s = summary();
        assertThat(s.get("pages_failed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(s.get("pages_pending").asLong()).isGreaterThanOrEqualTo(1);
        // the next run delivers it (the token is fine again) exactly once
        daemon.call("incident-run", null);
        assertThat(telegram.deliveredContaining("Unauthorized page")).hasSize(1);
        assertThat(summary().get("pages_pending").asLong()).isZero();
    }

    @Test
    void an_outage_ends_in_the_outbox_and_the_next_run_delivers_the_page_once() throws Exception {
        telegram.down();
        try {
            raise("CRITICAL", "Outage page", "outage");
            await().atMost(WAIT).until(() -> daemon.readLog("incidents.ndjson").lines()
                    .filter(l -> l.contains("\"event\":\"attempt\"") && l.contains("\"channel\":\"telegram\"")
                            && l.contains("\"attempt\":3") && l.contains("\"ok\":false")).count() >= 1);
            assertThat(summary().get("pages_pending").asLong()).isGreaterThanOrEqualTo(1);
        } finally {
            telegram.heal();
        }
        daemon.call("incident-run", null);
        assertThat(telegram.deliveredContaining("Outage page")).hasSize(1);
        daemon.call("incident-run", null);
        assertThat(telegram.deliveredContaining("Outage page")).hasSize(1);
        assertThat(summary().get("pages_pending").asLong()).isZero();
    }

    @Test
    void user_text_cannot_inject_mail_headers() throws Exception {
        raise("CRITICAL", "Injected\\r\\nBcc: evil@example.com\\r\\nX-Evil: 1", "inject");
        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "Injected").length == 1);
        MimeMessage m = Mailbox.withSubject(smtp, "Injected")[0];
        assertThat(m.getSubject()).doesNotContain("\n").doesNotContain("\r");
        assertThat(m.getHeader("X-Evil")).isNull();
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getAllRecipients()).hasSize(1);
    }

    @Test
    void the_internal_entry_raises_with_the_same_semantics_as_the_api() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) daemon.call("incident-raise",
                Map.of("severity", "Critical", "msg", "Spend over cap", "source", "cost_guardrails"));
        assertThat(out.get("fingerprint")).isEqualTo(Fingerprint.of(Severity.CRITICAL, "cost_guardrails", "Spend over cap"));
        assertThat(out.get("deduplicated")).isEqualTo(false);
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Spend over cap").size() == 1);
        JsonNode viaApi = raise("CRITICAL", "Spend over cap", "cost_guardrails");
        assertThat(viaApi.get("deduplicated").asBoolean()).isTrue();
    }

    @Test
    void bad_bodies_are_answered_400_or_413_with_a_message() throws Exception {
        Map<String, String> cases = Map.of(
                "{not json", "not valid JSON",
                "[1,2]", "must be a JSON object",
                "{\"severity\":\"CRITICAL\",\"msg\":42}", "\"msg\" must be a string",
                "{\"severity\":\"LOUD\",\"msg\":\"x\"}", "unknown severity 'LOUD'",
                "{\"severity\":\"ERROR\"}", "missing \"msg\"",
                "{\"severity\":\"ERROR\",\"msg\":\"" + "y".repeat(4001) + "\"}", "4001 characters");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            RunningDaemon.Reply r = daemon.postJson("/api/incidents/raise", c.getKey());
            assertThat(r.status()).as(c.getValue()).isEqualTo(400);
            assertThat(r.json().get("ok").asBoolean()).isFalse();
            assertThat(r.json().get("error").asText()).contains(c.getValue());
        }
        RunningDaemon.Reply big = daemon.postJson("/api/incidents/raise",
                "{\"severity\":\"ERROR\",\"msg\":\"" + "z".repeat(65 * 1024) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("error").asText()).contains("at most 65536 bytes");
    }

    @Test
    void the_summary_counts_by_severity_and_source_and_is_written_by_the_run() throws Exception {
        raise("WARNING", "Summary counted one", "summary-src");
        raise("WARNING", "Summary counted one", "summary-src");
        JsonNode s = summary();
        assertThat(s.get("by_source").get("summary-src").asLong()).isEqualTo(2);
        assertThat(s.get("suppressed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(s.get("total_incidents").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(s.get("unique_fingerprints").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(s.get("channels").get("telegram").asText()).isEqualTo("on");
        JsonNode top = s.get("top_fingerprints");
        assertThat(top.toString()).contains("first_seen").contains("last_seen");
        daemon.call("incident-run", null);
        JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(daemon.logs().resolve("incident_summary.json").toFile());
        assertThat(file.get("by_source").get("summary-src").asLong()).isEqualTo(2);
    }

    @Test
    void the_bot_token_and_smtp_password_never_reach_a_file() throws Exception {
        telegram.rejectWith401Times(1);
        raise("CRITICAL", "Token scrub check", "scrub");
        await().atMost(WAIT).until(() -> daemon.readLog("incidents.ndjson").contains("HTTP 401"));
        try (Stream<Path> files = Files.walk(daemon.logs())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertThat(text).as(f.toString()).doesNotContain(FakeTelegram.TOKEN).doesNotContain("smtp-secret-pass");
            }
        }
        // the refused page waits in the outbox; the next run delivers it (and leaves nothing pending for the others)
        daemon.call("incident-run", null);
        assertThat(telegram.deliveredContaining("Token scrub check")).hasSize(1);
    }
}
