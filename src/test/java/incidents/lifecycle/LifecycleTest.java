package incidents.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import support.FakeTelegram;
import support.Mailbox;
import support.MutableClock;
import support.RunningDaemon;

/** The incident lifecycle through the real daemon: API, pages, buttons, silences, escalation, auto-resolve. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);
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
                .set("ESCALATE_AFTER_MIN", "15").set("ESCALATION_EMAIL_TO", "lead@example.com").set("TELEGRAM_POLL_MS", "100")
                .start();
        await().atMost(WAIT).until(() -> Files.exists(daemon.logs().resolve("incident_summary.json")));
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
        telegram.close();
    }

    private JsonNode raise(String severity, String msg, String source) throws Exception {
        RunningDaemon.Reply r = daemon.postJson("/api/incidents/raise", "{\"severity\":\"" + severity + "\",\"msg\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(msg) + ",\"source\":\"" + source + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private JsonNode incident(String fingerprint) throws Exception {
        for (JsonNode i : daemon.get("/api/incidents?status=all&limit=1000").json().get("incidents")) {
            if (i.get("fingerprint").asText().equals(fingerprint)) {
                return i; // newest first
            }
        }
        throw new AssertionError("no incident " + fingerprint);
    }

    private RunningDaemon.Reply move(String what, String fingerprint, String by) throws Exception {
        return daemon.postJson("/api/incidents/" + what, "{\"fingerprint\":\"" + fingerprint + "\",\"by\":\"" + by + "\"}");
    }

    @Test
    void an_acknowledged_incident_pages_nobody_and_a_resolved_one_sends_notices_then_opens_anew() throws Exception {
        String fp = raise("CRITICAL", "Primary DB down", "db").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Primary DB down").size() == 1);
        JsonNode open = incident(fp);
        assertThat(open.get("status").asText()).isEqualTo("open");
        assertThat(open.get("count").asLong()).isEqualTo(1);
        assertThat(open.get("pages_sent").asLong()).isEqualTo(2);
        assertThat(open.get("paged_channels").toString()).isEqualTo("[\"telegram\",\"email\"]");

        RunningDaemon.Reply ack = move("ack", fp, "ana");
        assertThat(ack.status()).as(ack.text()).isEqualTo(200);
        assertThat(ack.json().at("/incident/acknowledged_by").asText()).isEqualTo("ana");
        RunningDaemon.Reply again = move("ack", fp, "bob");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().at("/incident/status").asText()).isEqualTo("acknowledged");
        assertThat(again.json().get("error").asText()).contains("is acknowledged");

        clock.advance(Duration.ofMinutes(61)); // past the dedup window: still no page while acknowledged
        JsonNode held = raise("CRITICAL", "Primary DB down", "db");
        assertThat(held.get("routing").asText()).isEqualTo("acknowledged");
        assertThat(held.get("channels").size()).isZero();
        assertThat(incident(fp).get("count").asLong()).isEqualTo(2);

        assertThat(move("resolve", fp, "ana").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("RESOLVED: CRITICAL INCIDENT").stream()
                .anyMatch(t -> t.contains("Primary DB down") && t.contains("Resolved by ana")));
        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "[RESOLVED] [CRITICAL] db: Primary DB down").length == 1);
        assertThat(move("resolve", fp, "ana").status()).isEqualTo(409);
        assertThat(daemon.readLog("incidents.ndjson")).contains("\"event\":\"acknowledged\",\"fingerprint\":\"" + fp + "\",\"by\":\"ana\"")
                .contains("\"event\":\"resolved\",\"fingerprint\":\"" + fp + "\",\"by\":\"ana\"");
        assertThat(telegram.deliveredContaining("Primary DB down")).hasSize(2); // the page and the notice

        JsonNode reopened = raise("CRITICAL", "Primary DB down", "db");
        assertThat(reopened.get("deduplicated").asBoolean()).isFalse();
        assertThat(reopened.get("routing").asText()).isEqualTo("page");
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Primary DB down").size() == 3);
        assertThat(incident(fp).get("status").asText()).isEqualTo("open");
        assertThat(incident(fp).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void unknown_fingerprints_are_404_and_bad_queries_400() throws Exception {
        assertThat(move("ack", "000000000000", "ana").status()).isEqualTo(404);
        assertThat(daemon.postJson("/api/incidents/ack", "{}").status()).isEqualTo(400);
        assertThat(daemon.get("/api/incidents?status=sleeping").status()).isEqualTo(400);
        assertThat(daemon.get("/api/incidents?limit=0").status()).isEqualTo(400);
    }

    @Test
    void open_and_acknowledged_incidents_not_raised_again_resolve_by_timeout() throws Exception {
        String fp = raise("ERROR", "Cache misses high", "cache").get("fingerprint").asText();
        String acked = raise("ERROR", "Cache evictions high", "cache").get("fingerprint").asText();
        assertThat(move("ack", acked, "ana").status()).isEqualTo(200);
        clock.advance(Duration.ofHours(23));
        daemon.call("incident-run", null);
        assertThat(incident(fp).get("status").asText()).isEqualTo("open");
        raise("ERROR", "Cache evictions high", "cache"); // still going on: stays acknowledged
        clock.advance(Duration.ofHours(2));
        daemon.call("incident-run", null);
        JsonNode i = incident(fp);
        assertThat(i.get("status").asText()).isEqualTo("resolved");
        assertThat(i.get("resolved_by").asText()).isEqualTo("timeout");
        assertThat(incident(acked).get("status").asText()).isEqualTo("acknowledged");
        clock.advance(Duration.ofHours(23));
        daemon.call("incident-run", null);
        assertThat(incident(acked).get("resolved_by").asText()).isEqualTo("timeout");
    }

    @Test
    void an_unacknowledged_critical_incident_escalates_once_by_email() throws Exception {
        String fp = raise("CRITICAL", "Nobody answers this", "queue").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "Nobody answers this").length == 1);
        clock.advance(Duration.ofMinutes(14));
        daemon.call("incident-run", null);
        assertThat(Mailbox.withSubject(smtp, "[ESCALATED]")).noneMatch(m -> subject(m).contains("Nobody answers this"));
        clock.advance(Duration.ofMinutes(2));
        daemon.call("incident-run", null);
        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "[ESCALATED] [CRITICAL] queue: Nobody answers this").length == 1);
        MimeMessage mail = Mailbox.withSubject(smtp, "[ESCALATED] [CRITICAL] queue: Nobody answers this")[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("lead@example.com");
        assertThat((String) mail.getContent()).contains("Not acknowledged within 15 min");
        daemon.call("incident-run", null);
        daemon.awaitPagerQuiet();
        assertThat(Mailbox.withSubject(smtp, "[ESCALATED] [CRITICAL] queue: Nobody answers this")).hasSize(1);
        assertThat(incident(fp).get("escalated_at").asText()).isNotEmpty();
        assertThat(incident(fp).get("pages_sent").asLong()).isEqualTo(3);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_silence_keeps_matching_raises_quiet_and_lets_others_page() throws Exception {
        RunningDaemon.Reply created = daemon.postJson("/api/incidents/silences",
                "{\"matchers\":{\"source\":\"maint-db\",\"msg_regex\":\"^Replica \\\\d+ lag\"},\"duration_min\":60,"
                        + "\"comment\":\"maintenance window\",\"created_by\":\"ana\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String id = created.json().at("/silence/id").asText();
        assertThat(daemon.get("/api/incidents/silences").json().get("silences").toString()).contains(id);

        JsonNode quiet = raise("CRITICAL", "Replica 3 lag 40s", "maint-db");
        assertThat(quiet.get("routing").asText()).isEqualTo("silenced");
        JsonNode loud = raise("CRITICAL", "Primary 3 lag 40s", "maint-db");
        assertThat(loud.get("routing").asText()).isEqualTo("page");
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Primary 3 lag 40s").size() == 1);
        daemon.awaitPagerQuiet();
        assertThat(telegram.deliveredContaining("Replica 3 lag 40s")).isEmpty();
        assertThat(incident(quiet.get("fingerprint").asText()).get("silenced").asLong()).isEqualTo(1);

        assertThat(daemon.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(daemon.url("/api/incidents/silences/" + id)))
                .header("X-Dash-Key", RunningDaemon.KEY).DELETE().build()).status()).isEqualTo(200);
        assertThat(daemon.get("/api/incidents/silences").json().get("silences").toString()).doesNotContain(id);
        assertThat(daemon.readLog("incidents.ndjson")).contains("\"event\":\"silence_created\"")
                .contains("\"event\":\"silence_expired\",\"by\":\"ana\",\"silence_id\":\"" + id + "\"");
        assertThat(raise("CRITICAL", "Replica 4 lag 40s", "maint-db").get("routing").asText()).isEqualTo("page");
    }

    @Test
    void silences_are_refused_without_a_matcher_too_long_or_with_a_pattern_re2_cannot_run() throws Exception {
        assertThat(daemon.postJson("/api/incidents/silences", "{\"matchers\":{},\"duration_min\":5,\"created_by\":\"a\"}")
                .text()).contains("at least one matcher");
        assertThat(daemon.postJson("/api/incidents/silences", "{\"matchers\":{\"source\":\"x\"},\"duration_min\":20000,"
                + "\"created_by\":\"a\"}").text()).contains("at most 7 days");
        RunningDaemon.Reply backref = daemon.postJson("/api/incidents/silences",
                "{\"matchers\":{\"msg_regex\":\"(a)\\\\1\"},\"duration_min\":5,\"created_by\":\"a\"}");
        assertThat(backref.status()).isEqualTo(400);
        assertThat(backref.text()).contains("not an RE2 pattern");
    }

    @Test
    void a_redos_pattern_is_matched_in_linear_time() throws Exception {
        assertThat(daemon.postJson("/api/incidents/silences", "{\"matchers\":{\"msg_regex\":\"^(a+)+$\"},\"duration_min\":5,"
                + "\"created_by\":\"a\"}").status()).isEqualTo(200);
        long t0 = System.nanoTime();
        JsonNode r = raise("WARNING", "a".repeat(3999) + "!", "redos");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.get("routing").asText()).isEqualTo("digest"); // did not match, and did not hang
        assertThat(ms).isLessThan(2000);
        assertThat(raise("WARNING", "a".repeat(4000), "redos").get("routing").asText()).isEqualTo("silenced");
    }

    @Test
    void a_button_press_acknowledges_and_the_page_says_by_whom_but_not_from_another_chat() throws Exception {
        String fp = raise("CRITICAL", "Payments <EU> & \"stuck\"", "payments").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Payments <EU> & \"stuck\"").size() == 1);
        long messageId = telegram.calls("sendMessage").stream().filter(r -> r.shown().contains("Payments <EU>"))
                .findFirst().orElseThrow().body().get("answered_message_id").asLong();

        telegram.press(messageId, "ack:" + fp, "-100999", "mallory");
        await().atMost(WAIT).until(() -> telegram.calls("answerCallbackQuery").stream()
                .anyMatch(r -> r.body().path("text").asText().equals("Not allowed from this chat")));
        assertThat(incident(fp).get("status").asText()).isEqualTo("open");

        telegram.press(messageId, "ack:" + fp, FakeTelegram.CHAT, "ana");
        await().atMost(WAIT).until(() -> incident(fp).get("status").asText().equals("acknowledged"));
        assertThat(incident(fp).get("acknowledged_by").asText()).isEqualTo("@ana");
        await().atMost(WAIT).until(() -> !telegram.calls("editMessageText").isEmpty());
        FakeTelegram.Request edit = telegram.calls("editMessageText").get(0);
        assertThat(edit.body().get("message_id").asLong()).isEqualTo(messageId);
        assertThat(edit.body().get("ok_answered").asBoolean()).isTrue();
        assertThat(edit.shown()).contains("Payments <EU> & \"stuck\"").contains("Acknowledged by @ana at 2025-");
        assertThat(edit.body().at("/reply_markup/inline_keyboard/0/0/text").asText()).isEqualTo("Resolve");
    }

    @Test
    void a_path_with_backslashes_reads_as_written_and_a_long_message_is_cut_within_4096() throws Exception {
        raise("CRITICAL", "Disk full at C:\\data\\new_file.txt", "win");
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("C:\\data\\new_file.txt").size() == 1);
        // 4,000 characters that escaping makes 12,000: shown whole, as the limit counts what Telegram shows
        raise("CRITICAL", "<&>".repeat(1333) + "X", "long");
        await().atMost(WAIT).until(() -> telegram.delivered().stream().anyMatch(t -> t.contains("Source: long\n")));
        String whole = telegram.delivered().stream().filter(t -> t.contains("Source: long\n")).findFirst().orElseThrow();
        assertThat(whole).contains("<&>".repeat(1333) + "X\n\nSource: long");
        // with a 200-character source the text no longer fits: the user's text is cut with "..."
        String source = "s".repeat(200);
        raise("CRITICAL", "<&>".repeat(1333) + "Y", source);
        await().atMost(WAIT).until(() -> telegram.delivered().stream().anyMatch(t -> t.contains(source)));
        String cut = telegram.delivered().stream().filter(t -> t.contains(source)).findFirst().orElseThrow();
        assertThat(cut.length()).isLessThanOrEqualTo(4096).isGreaterThan(4090);
        assertThat(cut).contains("...\n\nSource: " + source).doesNotContain("Y");
    }

    @Test
    void the_summary_counts_the_lifecycle() throws Exception {
        String fp = raise("CRITICAL", "Summary incident", "sum").get("fingerprint").asText();
        clock.advance(Duration.ofMinutes(1));
        move("ack", fp, "ana");
        clock.advance(Duration.ofMinutes(1));
        move("resolve", fp, "ana");
        JsonNode s = daemon.postJson("/api/incidents/summary", "").json().get("summary");
        assertThat(s.get("resolved").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(s.has("open")).isTrue();
        assertThat(s.has("acknowledged")).isTrue();
        assertThat(s.has("escalations")).isTrue();
        assertThat(s.has("silenced_raises")).isTrue();
        assertThat(s.get("mean_time_to_ack_seconds").isNumber()).isTrue();
        assertThat(s.get("mean_time_to_resolve_seconds").isNumber()).isTrue();
    }
}
