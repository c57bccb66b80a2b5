package portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import app.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        Process p = java(Map.of("PORTAL_SIGNING_SECRET", "tooshort-secret"), "app.App");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("echopilot: cannot start: PORTAL_SIGNING_SECRET: is 15 bytes; use at least 32")
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
            JsonNode download = app.Json.MAPPER.readTree(lines.get(lines.size() - 1));
            assertThat(download.get("event").asText()).isEqualTo("download");
            assertThat(download.get("ip").asText()).isEqualTo("203.0.113.9");
            assertThat(download.get("user_agent").asText()).isEqualTo("proxied-browser");
            assertThat(download.get("result").asText()).isEqualTo("ok");
        }
    }

    @Test
    void one_shot_mode_prints_the_receipts_with_fresh_links() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/receipts.ndjson"), RECEIPT);
        Process p = java(Map.of("PORTAL_SIGNING_SECRET", Links.SECRET), "app.Once", "portal", "email=Customer@Example.com");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode reply = app.Json.MAPPER.readTree(out);
        JsonNode receipt = reply.get("receipts").get(0);
        long expires = receipt.get("expires_at").asLong();
        assertThat(receipt.get("download_url").asText()).isEqualTo(Links.signed(Links.SECRET, "customer@example.com", "rcpt_001", expires));
        assertThat(reply.get("link_ttl_hours").asInt()).isEqualTo(24);
    }

    @Test
    void one_shot_mode_without_a_secret_warns_once_and_answers_503() throws Exception {
        Process p = java(Map.of(), "app.Once", "portal", "email=customer@example.com");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("PORTAL_SIGNING_SECRET");
        assertThat(err.split("PORTAL_SIGNING_SECRET is not set", -1)).hasSize(2);
    }

    private Process java(Map<String, String> env, String mainClass, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().remove("PORTAL_SIGNING_SECRET");
        pb.environment().remove("PORTAL_SIGNING_SECRET_PREVIOUS");
        pb.environment().putAll(env);
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.environment().put("HTTP_PORT", String.valueOf(RunningDaemon.freePort()));
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(RunningDaemon.freePort()));
        pb.environment().put("LOGS_DIR", home.resolve("logs").toString());
        pb.environment().put("DATA_DIR", home.resolve("data").toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }
}
