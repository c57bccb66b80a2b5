package portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.MutableClock;
import support.RunningDaemon;

/** Rotating PORTAL_SIGNING_SECRET: links already sent keep working while the old one is PREVIOUS. */
class PortalRotationTest {
    static final String EMAIL = "customer@example.com";

    @TempDir
    Path home;

    @Test
    void links_signed_with_the_previous_secret_and_with_the_new_one_are_both_accepted() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-10-20T12:00:00Z"));
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/receipts.ndjson"),
                "{\"id\":\"rcpt_001\",\"email\":\"customer@example.com\",\"date\":\"2025-10-15\",\"amount_usd\":29.99}\n");
        long expires = clock.instant().getEpochSecond() + 3600;

        // before the rotation: the old secret is the only one; a link it signs is handed out
        String sentBeforeRotation;
        try (RunningDaemon before = new RunningDaemon(home).clock(clock).set("PORTAL_SIGNING_SECRET", Links.OLD_SECRET).start()) {
            sentBeforeRotation = before.get("/api/portal/receipts?email=" + EMAIL).json().get("receipts").get(0).get("download_url").asText();
            assertThat(before.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(before.url(sentBeforeRotation))).build()).status())
                    .isEqualTo(200);
        }

        try (RunningDaemon after = new RunningDaemon(home).clock(clock).set("PORTAL_SIGNING_SECRET", Links.SECRET)
                .set("PORTAL_SIGNING_SECRET_PREVIOUS", Links.OLD_SECRET).start()) {
            assertThat(open(after, sentBeforeRotation)).as("a link sent before the rotation").isEqualTo(200);
            assertThat(open(after, Links.signed(Links.OLD_SECRET, EMAIL, "rcpt_001", expires))).as("signed with PREVIOUS").isEqualTo(200);
            assertThat(open(after, Links.signed(Links.SECRET, EMAIL, "rcpt_001", expires))).as("signed with the new secret").isEqualTo(200);
            assertThat(open(after, Links.signed(Links.OTHER_SECRET, EMAIL, "rcpt_001", expires))).as("signed with neither").isEqualTo(403);
            // new links are signed with the new secret
            String fresh = after.get("/api/portal/receipts?email=" + EMAIL).json().get("receipts").get(0).get("download_url").asText();
            long freshExpires = Long.parseLong(fresh.replaceAll(".*expires=(\\d+).*", "$1"));
            assertThat(fresh).isEqualTo(Links.signed(Links.SECRET, EMAIL, "rcpt_001", freshExpires));
        }

        // once PREVIOUS is dropped, links of the old secret stop working
        try (RunningDaemon retired = new RunningDaemon(home).clock(clock).set("PORTAL_SIGNING_SECRET", Links.SECRET).start()) {
            assertThat(open(retired, Links.signed(Links.OLD_SECRET, EMAIL, "rcpt_001", expires))).isEqualTo(403);
            assertThat(open(retired, Links.signed(Links.SECRET, EMAIL, "rcpt_001", expires))).isEqualTo(200);
        }
    }

    private static int open(RunningDaemon d, String link) throws Exception {
        return d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url(link))).build()).status();
    }
}
