package portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import support.MutableClock;
import support.RunningDaemon;

/** The portal over real HTTP: lookups, signed links, downloads, refusals and the access log. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalDownloadTest {
    static final Instant START = Instant.parse("2025-10-20T12:00:00Z");
    static final String EMAIL = "customer@example.com";
    static final long TTL_SECONDS = 24 * 3600;

    @TempDir
    static Path home;
    final MutableClock clock = new MutableClock(START);
    RunningDaemon daemon;
    byte[] pdf;

    @BeforeAll
    void start() throws Exception {
        Path data = home.resolve("data");
        Files.createDirectories(data.resolve("receipts"));
        pdf = new byte[4096];
        new Random(78).nextBytes(pdf);
        Files.write(data.resolve("receipts/rcpt_001.pdf"), pdf);
        Files.writeString(home.resolve("outside.txt"), "TOP SECRET outside the receipts folder");
        Files.createSymbolicLink(data.resolve("receipts/escape.pdf"), home.resolve("outside.txt"));
        Files.writeString(data.resolve("receipts.ndjson"), String.join("\n",
                "{\"id\":\"rcpt_001\",\"email\":\"customer@example.com\",\"date\":\"2025-10-15\",\"amount_usd\":29.99,"
                        + "\"description\":\"EchoPilot Pro - Monthly\",\"status\":\"paid\",\"file\":\"rcpt_001.pdf\"}",
                "{\"id\":\"rcpt_002\",\"email\":\" Customer@Example.com \",\"date\":\"2025-09-15\",\"amount_usd\":29.99,"
                        + "\"description\":\"<script>alert('x')</script> & \\\"Pro\\\"\",\"status\":\"<b>paid</b>\","
                        + "\"seller\":\"ACME <Corp>\"}",
                "this line is not JSON",
                "{\"id\":\"../../etc/passwd\",\"email\":\"customer@example.com\",\"amount_usd\":1}",
                "{\"id\":\"rcpt_other\",\"email\":\"other@example.com\",\"date\":\"2025-10-01\",\"amount_usd\":9.5,\"status\":\"paid\"}",
                "{\"id\":\"rcpt_escape\",\"email\":\"customer@example.com\",\"date\":\"2025-08-01\",\"amount_usd\":1,\"file\":\"escape.pdf\"}",
                ""));
        daemon = new RunningDaemon(home).clock(clock).set("PORTAL_SIGNING_SECRET", Links.SECRET).start();
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
    }

    @BeforeEach
    void resetClock() {
        clock.set(START);
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    RunningDaemon.Reply open(String pathAndQuery) throws Exception {
        return open(pathAndQuery, null);
    }

    /** A customer's browser: no X-Dash-Key. */
    RunningDaemon.Reply open(String pathAndQuery, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url(pathAndQuery))).header("User-Agent", "portal-test/1.0");
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return daemon.send(b.GET().build());
    }

    JsonNode lookup(String email) throws Exception {
        RunningDaemon.Reply r = daemon.get("/api/portal/receipts?email=" + Links.enc(email));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    String linkFor(String id) throws Exception {
        for (JsonNode r : lookup(EMAIL).get("receipts")) {
            if (r.get("id").asText().equals(id)) {
                return r.get("download_url").asText();
            }
        }
        throw new AssertionError("no link for " + id);
    }

    @Test
    void the_lookup_lists_the_customers_receipts_newest_first_with_links_the_test_can_verify() throws Exception {
        JsonNode reply = lookup(EMAIL);
        assertThat(reply.get("ok").asBoolean()).isTrue();
        assertThat(reply.get("email").asText()).isEqualTo(EMAIL);
        assertThat(reply.get("link_ttl_hours").asInt()).isEqualTo(24);
        JsonNode receipts = reply.get("receipts");
        assertThat(receipts).extracting(n -> n.get("id").asText()).containsExactly("rcpt_001", "rcpt_002", "rcpt_escape");
        JsonNode first = receipts.get(0);
        assertThat(first.get("date").asText()).isEqualTo("2025-10-15");
        assertThat(first.get("amount_usd").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(first.get("description").asText()).isEqualTo("EchoPilot Pro - Monthly");
        assertThat(first.get("status").asText()).isEqualTo("paid");
        long expires = now() + TTL_SECONDS;
        assertThat(first.get("expires_at").asLong()).isEqualTo(expires);
        assertThat(first.get("expires_iso").asText()).isEqualTo("2025-10-21T12:00:00Z");
        // the link is exactly what an independent HMAC computation gives
        assertThat(first.get("download_url").asText()).isEqualTo(Links.signed(Links.SECRET, EMAIL, "rcpt_001", expires));
    }

    @Test
    void the_lookup_trims_and_lower_cases_the_email() throws Exception {
        JsonNode reply = lookup("  CUSTOMER@Example.COM  ");
        assertThat(reply.get("email").asText()).isEqualTo(EMAIL);
        assertThat(reply.get("receipts")).hasSize(3);
    }

    @Test
    void an_email_with_no_receipts_gets_an_empty_list() throws Exception {
        JsonNode reply = lookup("nobody@example.com");
        assertThat(reply.get("ok").asBoolean()).isTrue();
        assertThat(reply.get("receipts")).isEmpty();
    }

    @Test
    void the_lookup_needs_the_key() throws Exception {
        RunningDaemon.Reply r = open("/api/portal/receipts?email=" + EMAIL);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).doesNotContain("rcpt_001");
    }

    @Test
    void a_lookup_without_an_email_is_400() throws Exception {
        assertThat(daemon.get("/api/portal/receipts").status()).isEqualTo(400);
        assertThat(daemon.get("/api/portal/receipts?email=not-an-email").status()).isEqualTo(400);
    }

    @Test
    void the_link_opens_without_a_key_and_returns_the_exact_file_as_an_attachment() throws Exception {
        RunningDaemon.Reply r = open(linkFor("rcpt_001"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(pdf);
        assertThat(r.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"rcpt_001.pdf\"");
        assertThat(r.header("Cache-Control")).isEqualTo("private, no-store");
    }

    @Test
    void a_receipt_without_a_file_is_rendered_as_printable_html_with_every_field_escaped() throws Exception {
        RunningDaemon.Reply r = open(linkFor("rcpt_002"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"receipt-rcpt_002.html\"");
        assertThat(r.header("Cache-Control")).isEqualTo("private, no-store");
        String html = r.text();
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Pro&quot;")
                .contains("ACME &lt;Corp&gt;").contains("&lt;b&gt;paid&lt;/b&gt;")
                .contains("2025-09-15").contains("USD 29.99").contains("customer@example.com");
        assertThat(html).doesNotContain("<script>").doesNotContain("<b>paid").doesNotContain("<Corp>");
    }

    @Test
    void a_valid_link_keeps_working_until_it_expires_and_then_is_403() throws Exception {
        String link = linkFor("rcpt_001");
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertThat(open(link).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        RunningDaemon.Reply r = open(link);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).isEqualTo(PortalApi.BAD_LINK);
    }

    @Test
    void a_correctly_signed_but_past_expiry_is_403() throws Exception {
        assertThat(open(Links.signed(Links.SECRET, EMAIL, "rcpt_001", now() - 1)).status()).isEqualTo(403);
    }

    @Test
    void an_expiry_further_ahead_than_the_ttl_plus_a_minute_is_403_but_within_the_skew_is_accepted() throws Exception {
        long limit = now() + TTL_SECONDS + 60;
        assertThat(open(Links.signed(Links.SECRET, EMAIL, "rcpt_001", limit + 1)).status()).isEqualTo(403);
        assertThat(open(Links.signed(Links.SECRET, EMAIL, "rcpt_001", now() + 365L * 24 * 3600)).status()).isEqualTo(403);
        assertThat(open(Links.signed(Links.SECRET, EMAIL, "rcpt_001", limit)).status()).isEqualTo(200);
    }

    @Test
    void each_tampered_field_is_403_with_one_and_the_same_body() throws Exception {
        long expires = now() + 3600;
        String token = Links.token(Links.SECRET, EMAIL, "rcpt_001", expires);
        char c = token.charAt(7);
        String oneCharOff = token.substring(0, 7) + (c == 'a' ? 'b' : 'a') + token.substring(8);
        List<String> tampered = List.of(
                Links.url("other@example.com", "rcpt_001", expires, token),
                Links.url(EMAIL, "rcpt_002", expires, token),
                Links.url(EMAIL, "rcpt_001", expires + 1, token),
                Links.url(EMAIL, "rcpt_001", expires, Links.token(Links.SECRET, EMAIL, "rcpt_002", expires)),
                Links.url(EMAIL, "rcpt_001", expires, oneCharOff),
                Links.url(EMAIL, "rcpt_001", expires, token.toUpperCase()),
                Links.url(EMAIL, "rcpt_001", expires, token.substring(0, 31)),
                Links.url(EMAIL, "rcpt_001", expires, token + "0"),
                Links.url(EMAIL, "rcpt_001", expires, "zz" + token.substring(2)),
                Links.signed(Links.OTHER_SECRET, EMAIL, "rcpt_001", expires),
                // a past expiry and one too far ahead answer the same
                Links.signed(Links.SECRET, EMAIL, "rcpt_001", now() - 10),
                Links.signed(Links.SECRET, EMAIL, "rcpt_001", now() + 3 * TTL_SECONDS));
        String firstBody = null;
        for (String url : tampered) {
            RunningDaemon.Reply r = open(url);
            assertThat(r.status()).as(url).isEqualTo(403);
            assertThat(r.header("Content-Type")).as(url).isEqualTo("application/json");
            firstBody = firstBody == null ? r.text() : firstBody;
            assertThat(r.text()).as(url).isEqualTo(firstBody);
        }
        assertThat(open(Links.url(EMAIL, "rcpt_001", expires, token)).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "a link missing {0} is 400")
    @ValueSource(strings = {"email", "id", "expires", "token"})
    void a_missing_parameter_is_400(String missing) throws Exception {
        long expires = now() + 3600;
        String url = Links.signed(Links.SECRET, EMAIL, "rcpt_001", expires)
                .replaceAll("([?&])" + missing + "=[^&]*", "$1");
        RunningDaemon.Reply r = open(url);
        assertThat(r.status()).as(url).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("missing " + missing);
    }

    @Test
    void a_malformed_expiry_or_email_is_400() throws Exception {
        String token = Links.token(Links.SECRET, EMAIL, "rcpt_001", now() + 60);
        assertThat(open("/api/portal/download?email=" + EMAIL + "&id=rcpt_001&expires=tomorrow&token=" + token).status()).isEqualTo(400);
        assertThat(open("/api/portal/download?email=" + EMAIL + "&id=rcpt_001&expires=-5&token=" + token).status()).isEqualTo(400);
        assertThat(open("/api/portal/download?email=nobody&id=rcpt_001&expires=" + (now() + 60) + "&token=" + token).status()).isEqualTo(400);
    }

    /** Each id correctly signed, so only the id rule can stop it. Raw query text, sent as typed. */
    @ParameterizedTest(name = "id {0} is refused")
    @ValueSource(strings = {"../receipts.ndjson", "%2e%2e%2freceipts.ndjson", "..%2freceipts.ndjson", "%2E%2E%2F%2E%2E%2Foutside.txt",
            "/etc/passwd", "%2Fetc%2Fpasswd", "..", "receipts/../../outside.txt", "..\\outside.txt", "rcpt_001.pdf%00.txt"})
    void a_traversal_id_never_reaches_outside_the_receipts_folder(String rawId) throws Exception {
        String decoded = java.net.URLDecoder.decode(rawId.replace("\\", "%5C"), StandardCharsets.UTF_8);
        long expires = now() + 3600;
        String raw = "/api/portal/download?email=" + Links.enc(EMAIL) + "&id=" + rawId.replace("\\", "%5C") + "&expires=" + expires
                + "&token=" + Links.token(Links.SECRET, EMAIL, decoded, expires);
        RunningDaemon.Reply r = open(raw);
        assertThat(r.status()).as(raw).isEqualTo(400);
        assertThat(r.text()).doesNotContain("TOP SECRET").doesNotContain("rcpt_001");
    }

    @Test
    void a_symlink_inside_the_receipts_folder_pointing_outside_is_not_followed() throws Exception {
        RunningDaemon.Reply r = open(linkFor("rcpt_escape"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).doesNotContain("TOP SECRET");
    }

    @Test
    void a_genuine_link_to_an_unknown_receipt_or_someone_elses_is_404() throws Exception {
        long expires = now() + 3600;
        assertThat(open(Links.signed(Links.SECRET, EMAIL, "rcpt_999", expires)).status()).isEqualTo(404);
        assertThat(open(Links.signed(Links.SECRET, EMAIL, "rcpt_other", expires)).status()).isEqualTo(404);
        assertThat(open(Links.signed(Links.SECRET, "other@example.com", "rcpt_other", expires)).status()).isEqualTo(200);
    }

    @Test
    void every_lookup_and_download_attempt_is_in_the_access_log_with_the_peer_ip_and_no_token() throws Exception {
        String marker = "audit-" + System.nanoTime() + "@example.com";
        lookup(marker);
        long expires = now() + 3600;
        String token = Links.token(Links.SECRET, marker, "rcpt_001", expires);
        // TRUST_PROXY is off: X-Forwarded-For is not believed
        open(Links.url(marker, "rcpt_001", expires, token), "203.0.113.9");
        List<JsonNode> lines = accessLines(marker);
        assertThat(lines).hasSize(2);
        JsonNode lookupLine = lines.get(0);
        assertThat(lookupLine.get("event").asText()).isEqualTo("lookup");
        assertThat(lookupLine.get("result").asText()).isEqualTo("ok");
        assertThat(lookupLine.get("ip").asText()).isEqualTo("127.0.0.1");
        JsonNode download = lines.get(1);
        assertThat(download.get("event").asText()).isEqualTo("download");
        assertThat(download.get("receipt_id").asText()).isEqualTo("rcpt_001");
        assertThat(download.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(download.get("user_agent").asText()).isEqualTo("portal-test/1.0");
        // signed for this email, but rcpt_001 is not theirs
        assertThat(download.get("result").asText()).isEqualTo("not_found");
        assertThat(download.get("status").asInt()).isEqualTo(404);
        assertThat(download.get("ts").asText()).isEqualTo(START.toString());
        assertThat(Files.readString(daemon.logs().resolve("portal_access.ndjson"))).doesNotContain(token);
    }

    @Test
    void a_refused_download_is_logged_with_why() throws Exception {
        long expires = now() + 3600;
        open(Links.url(EMAIL, "rcpt_001", expires, "0".repeat(32)));
        open(Links.signed(Links.SECRET, EMAIL, "rcpt_001", now() - 5));
        List<JsonNode> lines = accessLines(EMAIL);
        List<String> results = lines.stream().map(l -> l.get("result").asText()).toList();
        assertThat(results.subList(results.size() - 2, results.size())).containsExactly("bad_signature", "expired");
    }

    @Test
    void a_changed_receipts_file_is_read_again() throws Exception {
        Path file = daemon.data().resolve("receipts.ndjson");
        String before = Files.readString(file);
        try {
            Files.writeString(file, before + "{\"id\":\"rcpt_new\",\"email\":\"late@example.com\",\"date\":\"2025-10-19\",\"amount_usd\":5}\n");
            assertThat(lookup("late@example.com").get("receipts")).extracting(n -> n.get("id").asText()).containsExactly("rcpt_new");
        } finally {
            Files.writeString(file, before);
        }
        assertThat(lookup("late@example.com").get("receipts")).isEmpty();
    }

    List<JsonNode> accessLines(String email) throws Exception {
        return Files.readAllLines(daemon.logs().resolve("portal_access.ndjson")).stream()
                .map(l -> {
                    try {
                        return base.Json.MAPPER.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError(l, e);
                    }
                })
                .filter(n -> email.equals(n.get("email").asText(null)))
                .toList();
    }
}
