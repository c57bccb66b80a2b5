package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import support.Mailbox;
import support.FakeTelegram;
import support.RunningDaemon;

/** The pager under what an adversarial probe tried: concurrency, refused and oversized messages, a dead channel. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagerHardeningTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);
    @TempDir
    static Path home;
    static final Duration WAIT = Duration.ofSeconds(30);
    FakeTelegram telegram;
    RunningDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        telegram = new FakeTelegram();
        daemon = new RunningDaemon(home).paging(telegram, smtp.getSmtp().getPort()).start();
        await().atMost(WAIT).until(() -> Files.exists(daemon.logs().resolve("incident_summary.json")));
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
        telegram.close();
    }

    private JsonNode raise(String severity, String msg) throws Exception {
        RunningDaemon.Reply r = daemon.postJson("/api/incidents/raise",
                "{\"severity\":\"" + severity + "\",\"msg\":\"" + msg + "\",\"source\":\"hardening\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private JsonNode summary() throws Exception {
        return daemon.postJson("/api/incidents/summary", "").json().get("summary");
    }

    private List<String> attemptLines(String part) throws Exception {
        return daemon.readLog("incidents.ndjson").lines().filter(l -> l.contains("\"event\":\"attempt\"") && l.contains(part)).toList();
    }

    @Test
    void eight_criticals_at_once_for_twenty_rounds_reach_telegram_well_formed_each_exactly_once() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                List<Callable<Integer>> batch = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    String body = "{\"severity\":\"CRITICAL\",\"msg\":\"Concurrent page r" + round + " k" + k + "\"}";
                    batch.add(() -> daemon.send(HttpRequest.newBuilder(URI.create(daemon.url("/api/incidents/raise")))
                            .header("X-Dash-Key", RunningDaemon.KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status());
                }
                for (Future<Integer> f : callers.invokeAll(batch)) {
                    assertThat(f.get()).isEqualTo(200);
                }
            }
        } finally {
            callers.shutdown();
        }
        await().atMost(WAIT).until(() -> telegram.deliveredContaining("Concurrent page r").size() == 160 || !telegram.malformed.isEmpty());
        assertThat(telegram.malformed).isEmpty();
        for (int round = 0; round < 20; round++) {
            for (int k = 0; k < 8; k++) {
                String text = "Concurrent page r" + round + " k" + k + "\n";
                assertThat(telegram.deliveredContaining(text)).as(text).hasSize(1);
            }
        }
    }

    @Test
    void a_refused_digest_ends_as_refused_says_so_and_never_delays_a_critical_page() throws Exception {
        telegram.refuseTextsContaining("REFUSE-ME");
        try {
            raise("WARNING", "REFUSE-ME warning for the digest");
            daemon.call("incident-run", null);
            await().atMost(WAIT).until(() -> attemptLines("\"result\":\"refused\"").stream().anyMatch(l -> l.contains("\"kind\":\"digest\"")));
            // refused once, never retried: the channel stays usable, the next CRITICAL goes straight out
            raise("CRITICAL", "Critical after a refused digest");
            await().atMost(WAIT).until(() -> telegram.deliveredContaining("Critical after a refused digest").size() == 1);
            daemon.call("incident-run", null);
            assertThat(telegram.requests.stream().filter(r -> r.text().contains("REFUSE-ME"))).hasSize(1);
            JsonNode s = summary();
            assertThat(s.get("pages_refused").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(s.get("channels").get("telegram").asText()).isEqualTo("on");
            // a WARNING incident says so, and the next digest carries it to every channel (email too)
            assertThat(s.get("by_source").get("pager").asLong()).isGreaterThanOrEqualTo(1);
            await().atMost(WAIT).until(() -> Stream.of(Mailbox.withSubject(smtp, "[DIGEST]")).anyMatch(m -> {
                try {
                    return ((String) m.getContent()).contains("telegram refused a digest: HTTP 400");
                } catch (Exception e) {
                    return false;
                }
            }));
        } finally {
            telegram.refuseTextsContaining(null);
        }
    }

    @Test
    void a_digest_of_thousands_of_incidents_is_one_message_within_the_channels_limits() throws Exception {
        for (int k = 0; k < 2500; k++) {
            daemon.call("incident-raise", Map.of("severity", k % 10 == 0 ? "ERROR" : "WARNING",
                    "msg", "Bulk incident number " + k + " " + "x".repeat(150), "source", "bulk-" + (k % 7)));
        }
        daemon.call("incident-run", null);
        await().atMost(WAIT).until(() -> !telegram.deliveredContaining("2500 new").isEmpty());
        String text = telegram.deliveredContaining("2500 new").get(0);
        assertThat(text.length()).isLessThanOrEqualTo(FakeTelegram.MAX_TEXT);
        assertThat(text).contains("By severity: WARNING 2250, ERROR 250").contains("bulk-0 358").contains("and 2 more sources")
                .containsPattern("\\.\\.\\. and \\d+ more");
        await().atMost(WAIT).until(() -> Mailbox.withSubject(smtp, "[DIGEST] 2500 incidents").length == 1);
        // SMTP carries line ends as CRLF; the page was written with LF
        String mail = ((String) Mailbox.withSubject(smtp, "[DIGEST] 2500 incidents")[0].getContent()).replace("\r\n", "\n");
        assertThat(mail.strip().length()).isLessThanOrEqualTo(PageText.EMAIL_MAX_CHARS);
        assertThat(mail).contains("ERROR bulk-0").containsPattern("\\.\\.\\. and \\d+ more");
    }

    @Test
    void an_ok_answer_without_a_message_id_is_not_a_delivery_and_the_next_run_sends_the_page_again() throws Exception {
        telegram.answerOkWithoutMessageIdTimes(1);
        String fp = raise("CRITICAL", "Answered without a message id").get("fingerprint").asText();
        await().atMost(WAIT).until(() -> attemptLines(fp).stream().anyMatch(l -> l.contains("\"channel\":\"telegram\"")));
        assertThat(attemptLines(fp).stream().filter(l -> l.contains("\"channel\":\"telegram\"")).findFirst().orElseThrow())
                .contains("\"ok\":false").contains("without ok and a message id");
        assertThat(summary().get("pages_pending").asLong()).isGreaterThanOrEqualTo(1);
        daemon.call("incident-run", null);
        List<String> attempts = attemptLines(fp).stream().filter(l -> l.contains("\"channel\":\"telegram\"")).toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1)).contains("\"ok\":true");
        assertThat(telegram.deliveredContaining("Answered without a message id")).hasSize(1);
    }

    @Test
    void a_channel_that_keeps_failing_shows_as_failing_in_the_summary_and_health_until_it_delivers() throws Exception {
        String health = "http://127.0.0.1:" + daemon.managementPort() + "/observe/health";
        telegram.down();
        try {
            raise("CRITICAL", "Page while Telegram is down");
            await().atMost(WAIT).until(() -> summary().get("channels").get("telegram").asText().equals("failing"));
            JsonNode h = summary().get("channel_health").get("telegram");
            assertThat(h.get("failing_since").asText()).isNotEmpty();
            assertThat(h.get("last_error").asText()).isNotEmpty();
            RunningDaemon.Reply down = daemon.send(HttpRequest.newBuilder(URI.create(health)).GET().build());
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.text()).contains("\"name\":\"channels\"").contains("telegram has failed 3 attempts in a row");
            // the operator sees it; probes do not take the daemon out of service (it still takes raises)
            assertThat(daemon.send(HttpRequest.newBuilder(URI.create(health + "/ready")).GET().build()).status()).isEqualTo(200);
            assertThat(daemon.send(HttpRequest.newBuilder(URI.create(health + "/live")).GET().build()).status()).isEqualTo(200);
        } finally {
            telegram.heal();
        }
        daemon.call("incident-run", null);
        assertThat(telegram.deliveredContaining("Page while Telegram is down")).hasSize(1);
        assertThat(summary().get("channels").get("telegram").asText()).isEqualTo("on");
        await().atMost(WAIT).until(() -> daemon.send(HttpRequest.newBuilder(URI.create(health)).GET().build()).status() == 200);
    }

    @Test
    void after_an_outage_the_run_tries_critical_pages_before_digests() throws Exception {
        telegram.down();
        try {
            raise("ERROR", "Digest item waiting out the outage");
            daemon.call("incident-run", null);
            raise("CRITICAL", "Critical waiting out the outage");
            await().atMost(WAIT).until(() -> attemptLines("\"kind\":\"page\"").stream()
                    .anyMatch(l -> l.contains("\"attempt\":3") && l.contains("\"channel\":\"telegram\"") && l.contains("\"ok\":false")));
        } finally {
            telegram.heal();
        }
        int before = telegram.requests.size();
        daemon.call("incident-run", null);
        List<String> after = telegram.requests.subList(before, telegram.requests.size()).stream().map(FakeTelegram.Request::text).toList();
        int critical = indexOf(after, "Critical waiting out the outage");
        int digest = indexOf(after, "Digest item waiting out the outage");
        assertThat(critical).as(after.toString()).isGreaterThanOrEqualTo(0).isLessThan(digest);
    }

    private static int indexOf(List<String> texts, String part) {
        for (int k = 0; k < texts.size(); k++) {
            if (texts.get(k).contains(part)) {
                return k;
            }
        }
        return Integer.MAX_VALUE;
    }
}
