package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import support.DaemonProcess;
import support.EditableRoutes;
import support.FakeTelegram;

/** docs/editing-flows.md, worked example 2: an operator edits incidents.camel.yaml to page WARNING by email only. */
class EditedRoutingTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
    @TempDir
    Path home;

    /** The edit of docs/editing-flows.md, worked example 2, as an operator types it. */
    static final String CRITICAL_BRANCH = lines(26, "- bean:", "    ref: pager", "    method: pageNow");
    static final String WITH_WARNING_BY_EMAIL = CRITICAL_BRANCH
            + lines(22, "# WARNING: page at once, by email only (no longer in the digest)",
                    "- simple: \"${header.incidentSeverity} == 'WARNING'\"",
                    "  steps:",
                    "    - bean:",
                    "        ref: pager",
                    "        method: \"pageOn(${body}, 'email')\"");

    /** docs/editing-flows.md: a step that may wait goes behind a threads: step (the raise route runs on the event loop). */
    static final String CRITICAL_ON_A_POOL = lines(26, "- threads: {poolSize: 2}   # a step that waits would follow here");

    private static String lines(int indent, String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(" ".repeat(indent)).append(l).append('\n');
        }
        return sb.toString();
    }

    @Test
    void warning_incidents_go_to_email_only_once_the_route_is_edited() throws Exception {
        Path routes = EditableRoutes.copyInto(home);
        Path incidents = routes.resolve("incidents.camel.yaml");
        String original = Files.readString(incidents);
        assertThat(original).contains(CRITICAL_BRANCH);
        Files.writeString(incidents, original.replace(CRITICAL_BRANCH, CRITICAL_ON_A_POOL + WITH_WARNING_BY_EMAIL));

        try (FakeTelegram telegram = new FakeTelegram();
             DaemonProcess d = new DaemonProcess(home).set("ROUTES_DIR", routes.toString())
                     .set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                     .set("TELEGRAM_API_BASE_URL", telegram.baseUrl())
                     .set("SMTP_HOST", "127.0.0.1").set("SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()))
                     .set("SMTP_FROM", "pager@example.com").set("ALERT_EMAIL_TO", "oncall@example.com")
                     .set("SMTP_TLS", "none") // GreenMail speaks no STARTTLS; MailSecurityTest covers TLS
                     .start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> up(d));
            var r = d.send("POST", "/api/incidents/raise", "application/json",
                    "{\"severity\":\"WARNING\",\"msg\":\"disk 91% full\",\"source\":\"node-7\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"routing\":\"page\"").contains("\"channels\":[\"email\"]");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);
            assertThat(smtp.getReceivedMessages()[0].getSubject()).contains("WARNING").contains("disk 91% full");
            // once nothing is pending, any page for Telegram would have been sent: there is none
            await().atMost(Duration.ofSeconds(30)).until(() -> d.send("POST", "/api/incidents/summary", "application/json", "")
                    .body().contains("\"pages_pending\":0"));
            assertThat(telegram.requests).isEmpty();

            // the CRITICAL branch hands the raise to a pool thread: it is still recorded, answered and paged
            var critical = d.send("POST", "/api/incidents/raise", "application/json",
                    "{\"severity\":\"CRITICAL\",\"msg\":\"primary down\",\"source\":\"node-7\"}");
            assertThat(critical.statusCode()).as(critical.body()).isEqualTo(200);
            assertThat(critical.body()).contains("\"routing\":\"page\"").contains("telegram");
            await().atMost(Duration.ofSeconds(30)).until(() -> telegram.deliveredContaining("primary down").size() == 1);
        }
    }

    private static boolean up(DaemonProcess d) {
        try {
            return d.send("GET", "/api/slo/budget", null, null).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
