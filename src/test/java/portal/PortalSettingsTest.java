package portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import base.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DaemonProcess;
import support.RunningDaemon;

/** What the portal does with its settings: no secret, a short secret, TRUST_PROXY, one-shot mode. */
class PortalSettingsTest {
    static final String RECEIPT =
            "{\"id\":\"rcpt_001\",\"email\":\"customer@example.com\",\"date\":\"2025-10-15\",\"amount_usd\":29.99,\"status\":\"paid\"}\n";

    @TempDir
    Path home;

    @Test
    void without_a_secret_both_endpoints_answer_503_naming_the_variable_and_log_the_attempt() throws Exception {
        try (RunningDaemon d = new RunningDaemon(home).start()) {
            RunningDaemon.Reply lookup = d.get("/api/portal/receipts?email=customer@example.com");
            assertThat(lookup.status()).isEqualTo(503);
            assertThat(lookup.json().get("error").asText()).contains("PORTAL_SIGNING_SECRET");
            RunningDaemon.Reply download = d.send(HttpRequest.newBuilder(URI.create(
                    d.url("/api/portal/download?email=customer%40example.com&id=rcpt_001&expires=1&token=abc"))).build());
            assertThat(download.status()).isEqualTo(503);
            assertThat(download.json().get("error").asText()).contains("PORTAL_SIGNING_SECRET");
            assertThat(Files.readAllLines(d.logs().resolve("portal_access.ndjson")))
                    .hasSize(2).allMatch(l -> l.contains("\"result\":\"not_configured\"") && l.contains("\"status\":503"));
        }
    }

    @Test
    void a_short_secret_stops_start_up_in_process() {
        RunningDaemon d = new RunningDaemon(home).set("PORTAL_SIGNING_SECRET", "tooshort");
        assertThatThrownBy(d::start).satisfies(e -> {
            Throwable t = e;
            while (t != null && !(t instanceof ConfigException)) {
                t = t.getCause();
            }
            assertThat(t).isNotNull();
            assertThat(t.getMessage()).startsWith("PORTAL_SIGNING_SECRET: is 8 bytes").doesNotContain("tooshort");
        });
        try {
            d.close();
        } catch (Exception ignored) {
            // a context that never started has nothing to stop
        }
    }

    @Test
    void a_short_secret_stops_the_daemon_with_one_line_naming_the_variable() throws Exception {
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of("PORTAL_SIGNING_SECRET", "tooshort-secret"), "app.App");
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(p.err()).contains("echopilot: cannot start: PORTAL_SIGNING_SECRET: is 15 bytes; use at least 32")
                .doesNotContain("tooshort-secret");
    }

    @Test
    void x_forwarded_for_is_the_client_ip_only_when_the_proxy_is_trusted() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/receipts.ndjson"), RECEIPT);
        try (RunningDaemon d = new RunningDaemon(home).set("PORTAL_SIGNING_SECRET", Links.SECRET).set("TRUST_PROXY", "true").start()) {
            String link = d.get("/api/portal/receipts?email=customer@example.com").json().get("receipts").get(0).get("download_url").asText();
            RunningDaemon.Reply r = d.send(HttpRequest.newBuilder(URI.create(d.url(link)))
                    .header("X-Forwarded-For", "203.0.113.9, 10.0.0.2").header("User-Agent", "proxied-browser").build());
            assertThat(r.status()).isEqualTo(200);
            List<String> lines = Files.readAllLines(d.logs().resolve("portal_access.ndjson"));
            JsonNode download = base.Json.MAPPER.readTree(lines.get(lines.size() - 1));
            assertThat(download.get("event").asText()).isEqualTo("download");
            assertThat(download.get("ip").asText()).isEqualTo("203.0.113.9");
            assertThat(download.get("user_agent").asText()).isEqualTo("proxied-browser");
            assertThat(download.get("result").asText()).isEqualTo("ok");
        }
    }

    @Test
    void x_forwarded_for_and_user_agent_in_the_query_string_are_not_logged_as_the_client() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/receipts.ndjson"), RECEIPT);
        try (RunningDaemon d = new RunningDaemon(home).set("PORTAL_SIGNING_SECRET", Links.SECRET).set("TRUST_PROXY", "true").start()) {
            String link = d.get("/api/portal/receipts?email=customer@example.com").json().get("receipts").get(0).get("download_url").asText();
            RunningDaemon.Reply r = d.send(HttpRequest.newBuilder(URI.create(d.url(link + "&X-Forwarded-For=7.7.7.7&User-Agent=forged-agent")))
                    .header("User-Agent", "real-browser").build());
            assertThat(r.status()).isEqualTo(200);
            List<String> lines = Files.readAllLines(d.logs().resolve("portal_access.ndjson"));
            JsonNode download = base.Json.MAPPER.readTree(lines.get(lines.size() - 1));
            assertThat(download.get("event").asText()).isEqualTo("download");
            assertThat(download.get("ip").asText()).as("the peer, not the query's 7.7.7.7").isEqualTo("127.0.0.1");
            assertThat(download.get("user_agent").asText()).isEqualTo("real-browser");
            assertThat(lines).noneMatch(l -> l.contains("7.7.7.7") || l.contains("forged-agent"));
        }
    }

    @Test
    void one_shot_mode_prints_the_receipts_with_fresh_links() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/receipts.ndjson"), RECEIPT);
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of("PORTAL_SIGNING_SECRET", Links.SECRET), "app.Once", "portal",
                "email=Customer@Example.com");
        String out = p.out();
        assertThat(p.exitCode()).as(out).isZero();
        JsonNode reply = base.Json.MAPPER.readTree(out);
        JsonNode receipt = reply.get("receipts").get(0);
        long expires = receipt.get("expires_at").asLong();
        assertThat(receipt.get("download_url").asText()).isEqualTo(Links.signed(Links.SECRET, "customer@example.com", "rcpt_001", expires));
        assertThat(reply.get("link_ttl_hours").asInt()).isEqualTo(24);
    }

    @Test
    void one_shot_mode_without_a_secret_warns_once_and_answers_503() throws Exception {
        DaemonProcess.Finished p = DaemonProcess.run(home, Map.of(), "app.Once", "portal", "email=customer@example.com");
        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.out()).contains("PORTAL_SIGNING_SECRET");
        assertThat(p.err().split("PORTAL_SIGNING_SECRET is not set", -1)).hasSize(2);
    }
}
