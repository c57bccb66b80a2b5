package foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import support.DaemonProcess;
import support.FakeTelegram;
import support.RunningDaemon;

/**
 * The daemon is given every secret it knows (a DB_URL password, SMTP_PASS, the bot token, both
 * signing secrets, the dashboard key), made to use each of them, including on paths that fail
 * and log errors, then stopped; no secret appears in anything it printed, wrote under LOGS_DIR
 * or answered. It runs in its own JVM so that every log line of the run is captured.
 * With ECHOPILOT_TEST_PG_URL set (.ci/run sets it) the state database is a real PostgreSQL.
 */
class SecretsTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            // the daemon logs in with another password than this one: the refusal path runs too
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("pager@example.com", "pager", "the-right-one"));
    @TempDir
    Path home;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void no_secret_appears_in_any_log_line_file_or_answer_of_a_run_that_used_them_all() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("DB_URL password", "db-Pass-" + UUID.randomUUID());
        secrets.put("SMTP_PASS", "smtp-Pass-" + UUID.randomUUID());
        secrets.put("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN);
        secrets.put("PORTAL_SIGNING_SECRET", "sign-" + UUID.randomUUID() + UUID.randomUUID());
        secrets.put("PORTAL_SIGNING_SECRET_PREVIOUS", "prev-" + UUID.randomUUID() + UUID.randomUUID());
        secrets.put("DASHBOARD_KEY", RunningDaemon.KEY);
        String pg = System.getenv("ECHOPILOT_TEST_PG_URL");
        String dbUrl;
        if (pg != null && pg.startsWith("jdbc:postgresql:")) {
            // sslpassword is a real driver property, unused without a client key: a password the
            // driver accepts whatever the server's; the server's own is checked when it is long
            // enough not to be an ordinary word of the log (the role "echopilot" has that name)
            dbUrl = freshSchema(pg) + "&sslpassword=" + secrets.get("DB_URL password");
            String serverPassword = parameter(pg, "password");
            if (serverPassword != null && serverPassword.length() >= 12) {
                secrets.put("PostgreSQL password", serverPassword);
            }
        } else {
            // sqlite-jdbc takes query parameters as pragmas and opens the file before the '?'
            dbUrl = "jdbc:sqlite:" + home.resolve("data/echopilot.db") + "?password=" + secrets.get("DB_URL password");
        }

        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/receipts.ndjson"),
                "{\"id\":\"rcpt_001\",\"email\":\"customer@example.com\",\"amount_usd\":29.99}\n");
        List<String> answers = new ArrayList<>();
        try (FakeTelegram telegram = new FakeTelegram(); DaemonProcess d = new DaemonProcess(home)) {
            telegram.rejectWith401Times(1000); // camel-telegram puts the token in its error message
            d.set("DB_URL", dbUrl).set("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN).set("TELEGRAM_CHAT_ID", FakeTelegram.CHAT)
                    .set("TELEGRAM_API_BASE_URL", telegram.baseUrl())
                    .set("SMTP_HOST", "127.0.0.1").set("SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()))
                    .set("SMTP_USER", "pager").set("SMTP_PASS", secrets.get("SMTP_PASS"))
                    // clear text, so that the password really is sent (and refused) in this run
                    .set("SMTP_TLS", "none").set("SMTP_ALLOW_PLAINTEXT_AUTH", "true")
                    .set("SMTP_FROM", "pager@example.com").set("ALERT_EMAIL_TO", "oncall@example.com")
                    .set("NOTIFY_MAX_ATTEMPTS", "2").set("NOTIFY_BACKOFF_MS", "10")
                    .set("PORTAL_SIGNING_SECRET", secrets.get("PORTAL_SIGNING_SECRET"))
                    .set("PORTAL_SIGNING_SECRET_PREVIOUS", secrets.get("PORTAL_SIGNING_SECRET_PREVIOUS"))
                    .start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> d.send("GET", "/api/slo/budget", null, null).statusCode() == 200);

            answers.add(d.send("POST", "/api/incidents/raise", "application/json",
                    "{\"severity\":\"CRITICAL\",\"msg\":\"secrets test page\",\"source\":\"test\"}").body());
            // both channels were refused (401, bad login: not retried): their errors have been written
            await().atMost(Duration.ofSeconds(60)).until(() -> attempts(d, "telegram") >= 1 && attempts(d, "email") >= 1);
            answers.add(d.send("POST", "/api/incidents/summary", null, null).body());
            answers.add(d.send("GET", "/api/portal/receipts?email=customer@example.com", null, null).body());
            answers.add(d.send("POST", "/api/slo/refresh", null, null).body());
            answers.add(d.send("POST", "/api/scale/apply", null, null).body());
            answers.add(d.send("GET", "/api/costs/status", null, null).body());
            answers.add(d.send("GET", "/api/nope", null, null).body());
            answers.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.env.get("HTTP_PORT") + "/api/slo/budget"))
                    .header("X-Dash-Key", "wrong").build(), HttpResponse.BodyHandlers.ofString()).body());
            answers.add(d.management("/observe/health?exposureLevel=full").body());
            answers.add(d.management("/observe/metrics").body());
            d.close(); // SIGTERM: the shutdown's lines are part of the run
            assertThat(d.process().exitValue()).as(d.stderr()).isIn(0, 143);

            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("stdout", d.stdout());
            outputs.put("stderr", d.stderr());
            try (Stream<Path> files = Files.walk(d.logs())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    outputs.put(home.relativize(f).toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                outputs.put("answer " + i, answers.get(i));
            }
            assertThat(outputs.get("stderr")).as("the database URL is logged, its password masked")
                    .contains(pg != null ? "sslpassword=***" : "echopilot.db?password=***");
            assertThat(outputs.get("logs/incidents.ndjson")).as("the failed attempts were recorded").contains("\"ok\":false");
            assertThat(outputs.get("stderr")).as("the button poller's refused getUpdates was logged")
                    .contains("Telegram button poller: getUpdates failed");
            for (var secret : secrets.entrySet()) {
                for (var output : outputs.entrySet()) {
                    assertThat(output.getValue()).as(secret.getKey() + " in " + output.getKey()).doesNotContain(secret.getValue());
                }
            }
        }
    }

    private static long attempts(DaemonProcess d, String channel) throws Exception {
        Path f = d.logs().resolve("incidents.ndjson");
        if (!Files.exists(f)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(f)) {
            return lines.filter(l -> l.contains("\"event\":\"attempt\"") && l.contains("\"channel\":\"" + channel + "\"")).count();
        }
    }

    private static String freshSchema(String url) throws Exception {
        String schema = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String parameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
