package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import support.DaemonProcess;
import support.FakeSmtp;
import support.RunningDaemon;
import support.TestCa;

/**
 * SMTP_TLS, SMTP_CA_FILE and SMTP_ALLOW_PLAINTEXT_AUTH against real servers: a relay whose
 * certificate a private CA signed (STARTTLS and smtps), and GreenMail offering AUTH without
 * STARTTLS. What crossed the network in clear is read from the fake relay's own record.
 */
class MailSecurityTest {
    static final String USER = "pager";
    static final String PASSWORD = "smtp-Pass-5e1f0c9a";
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static GreenMailExtension plainSmtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("pager@example.com", USER, PASSWORD));
    @TempDir
    static Path caDir;
    static TestCa ca;
    static SSLContext relayTls;
    @TempDir
    Path home;

    @BeforeAll
    static void privateCa() throws Exception {
        ca = new TestCa(caDir);
        relayTls = ca.serverContext("relay", "ip:127.0.0.1,dns:localhost");
    }

    private static RunningDaemon mailer(Path home, int port) {
        return new RunningDaemon(home).set("SMTP_HOST", "127.0.0.1").set("SMTP_PORT", String.valueOf(port))
                .set("SMTP_USER", USER).set("SMTP_PASS", PASSWORD)
                .set("SMTP_FROM", "pager@example.com").set("ALERT_EMAIL_TO", "oncall@example.com")
                .set("NOTIFY_MAX_ATTEMPTS", "2").set("NOTIFY_BACKOFF_MS", "10");
    }

    private static void raise(RunningDaemon d, String msg) throws Exception {
        RunningDaemon.Reply r = d.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"" + msg + "\",\"source\":\"mail-test\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    /** The email attempt lines of incidents.ndjson, once there is at least one. */
    private static String emailAttempts(RunningDaemon d) throws Exception {
        Path f = d.logs().resolve("incidents.ndjson");
        await().atMost(WAIT).until(() -> Files.exists(f) && Files.readString(f).contains("\"channel\":\"email\""));
        try (Stream<String> lines = Files.lines(f)) {
            return String.join("\n", lines.filter(l -> l.contains("\"event\":\"attempt\"") && l.contains("\"channel\":\"email\"")).toList());
        }
    }

    private static void assertNoCredentialsInClear(FakeSmtp relay) {
        String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes());
        String login = Base64.getEncoder().encodeToString(PASSWORD.getBytes());
        assertThat(relay.sentInClear("AUTH")).as("AUTH sent in clear: " + relay.lines).isFalse();
        assertThat(relay.sentInClear(plain) || relay.sentInClear(login) || relay.sentInClear(PASSWORD)).isFalse();
    }

    @Test
    void by_default_the_page_goes_over_starttls_to_a_relay_signed_by_the_ca_in_SMTP_CA_FILE_and_logs_in_only_after_it()
            throws Exception {
        try (FakeSmtp relay = new FakeSmtp(FakeSmtp.Mode.STARTTLS, relayTls, USER, PASSWORD);
             RunningDaemon d = mailer(home, relay.port()).set("SMTP_CA_FILE", ca.pem.toString()).start()) {
            raise(d, "disk full on db-1");
            await().atMost(WAIT).until(() -> relay.messages.size() == 1);
            assertThat(relay.messages.get(0)).contains("disk full on db-1");
            assertThat(relay.lines).extracting(FakeSmtp.Line::text).anyMatch(l -> l.equalsIgnoreCase("STARTTLS"));
            assertThat(relay.lines).filteredOn(l -> l.text().startsWith("AUTH")).isNotEmpty().allMatch(FakeSmtp.Line::tls);
            assertThat(relay.lines).filteredOn(l -> l.text().startsWith("MAIL FROM")).allMatch(FakeSmtp.Line::tls);
            assertNoCredentialsInClear(relay);
        }
    }

    @Test
    void smtps_speaks_tls_from_the_first_byte() throws Exception {
        try (FakeSmtp relay = new FakeSmtp(FakeSmtp.Mode.SMTPS, relayTls, USER, PASSWORD);
             RunningDaemon d = mailer(home, relay.port()).set("SMTP_TLS", "smtps").set("SMTP_CA_FILE", ca.pem.toString()).start()) {
            raise(d, "smtps page");
            await().atMost(WAIT).until(() -> relay.messages.size() == 1);
            assertThat(relay.messages.get(0)).contains("smtps page");
            assertThat(relay.lines).isNotEmpty().allMatch(FakeSmtp.Line::tls);
        }
    }

    @Test
    void a_server_offering_auth_without_starttls_gets_no_credentials_and_the_page_stays_pending_with_a_clear_error()
            throws Exception {
        try (RunningDaemon d = mailer(home, plainSmtp.getSmtp().getPort()).start()) {
            raise(d, "no starttls here");
            String attempts = emailAttempts(d);
            assertThat(attempts).contains("\"ok\":false").contains("does not offer STARTTLS")
                    .contains("neither the credentials nor the mail were sent").contains("SMTP_TLS=smtps");
            assertThat(plainSmtp.getReceivedMessages()).isEmpty();
            RunningDaemon.Reply summary = d.postJson("/api/incidents/summary", "");
            assertThat(summary.json().at("/summary/pages_pending").asInt()).as(summary.text()).isEqualTo(1);
        }
        // the same against a relay that records what it is sent: not even an AUTH command
        try (FakeSmtp relay = new FakeSmtp(FakeSmtp.Mode.PLAIN, relayTls, USER, PASSWORD);
             RunningDaemon d = mailer(home.resolve("recorded"), relay.port()).start()) {
            raise(d, "no starttls here either");
            assertThat(emailAttempts(d)).contains("does not offer STARTTLS");
            assertThat(relay.lines).extracting(FakeSmtp.Line::text).anyMatch(l -> l.startsWith("EHLO"));
            assertThat(relay.messages).isEmpty();
            assertNoCredentialsInClear(relay);
        }
    }

    @Test
    void a_relay_whose_ca_is_not_trusted_is_refused_before_login_and_the_error_names_SMTP_CA_FILE() throws Exception {
        try (FakeSmtp relay = new FakeSmtp(FakeSmtp.Mode.STARTTLS, relayTls, USER, PASSWORD);
             RunningDaemon d = mailer(home, relay.port()).start()) { // the JVM's CAs do not know the private one
            raise(d, "untrusted relay");
            assertThat(emailAttempts(d)).contains("\"ok\":false").contains("SMTP_CA_FILE");
            assertThat(relay.messages).isEmpty();
            assertThat(relay.lines).extracting(FakeSmtp.Line::text).noneMatch(l -> l.startsWith("AUTH"));
        }
    }

    @Test
    void a_certificate_for_another_host_name_is_refused_even_from_the_trusted_ca() throws Exception {
        SSLContext otherName = ca.serverContext("other", "dns:mail.example.org");
        try (FakeSmtp relay = new FakeSmtp(FakeSmtp.Mode.STARTTLS, otherName, USER, PASSWORD);
             RunningDaemon d = mailer(home, relay.port()).set("SMTP_CA_FILE", ca.pem.toString()).start()) {
            raise(d, "wrong name");
            assertThat(emailAttempts(d)).contains("\"ok\":false").contains("certificate lists");
            assertThat(relay.messages).isEmpty();
            assertThat(relay.lines).extracting(FakeSmtp.Line::text).noneMatch(l -> l.startsWith("AUTH"));
        }
    }

    @Test
    void clear_text_with_a_user_stops_start_up_with_one_line_unless_plaintext_auth_is_allowed() throws Exception {
        Map<String, String> env = Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(plainSmtp.getSmtp().getPort()),
                "SMTP_USER", USER, "SMTP_PASS", PASSWORD, "SMTP_FROM", "pager@example.com", "ALERT_EMAIL_TO", "oncall@example.com",
                "SMTP_TLS", "none");
        DaemonProcess.Finished p = DaemonProcess.run(home, env, "app.App");
        assertThat(p.exitCode()).as(p.err()).isEqualTo(2);
        assertThat(p.err()).contains("echopilot: cannot start: SMTP_TLS: is none and SMTP_USER is set, which would send the SMTP "
                + "password in clear text; use starttls or smtps, or set SMTP_ALLOW_PLAINTEXT_AUTH=true").doesNotContain(PASSWORD);

        try (RunningDaemon d = mailer(home.resolve("allowed"), plainSmtp.getSmtp().getPort())
                .set("SMTP_TLS", "none").set("SMTP_ALLOW_PLAINTEXT_AUTH", "true").start()) {
            raise(d, "trusted local relay");
            await().atMost(WAIT).until(() -> plainSmtp.getReceivedMessages().length == 1);
        }
    }

    @Test
    void an_unknown_tls_mode_or_a_ca_file_that_is_not_pem_stops_start_up_naming_the_variable() throws Exception {
        assertThatThrownBy(() -> mailer(home.resolve("a"), 25).set("SMTP_TLS", "maybe").start())
                .hasStackTraceContaining("SMTP_TLS: 'maybe' is not one of starttls, smtps, none");
        Path notPem = Files.writeString(home.resolve("ca.txt"), "not a certificate");
        assertThatThrownBy(() -> mailer(home.resolve("b"), 25).set("SMTP_CA_FILE", notPem.toString()).start())
                .hasStackTraceContaining("SMTP_CA_FILE: ");
    }
}
