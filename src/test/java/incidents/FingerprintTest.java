package incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import base.ApiProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Digests computed independently with python3 hashlib: sha256(f"{sev}:{src}:{msg[:50]}").hexdigest()[:12]. */
class FingerprintTest {

    @ParameterizedTest(name = "{0}:{1}:{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "CRITICAL|healthcheck|Database connection lost|c75893c52574",
            "ERROR|api|Café crème brûlée déjà vu — naïve façade|f68a8a8321d5",
            "WARNING|pager|🚨🔥 disk at 97% on db-1 🚨 ünïcödé|f169d0b0729e"})
    void the_fingerprint_matches_the_seeds_python_over_code_points(String sev, String src, String msg, String expected) {
        assertThat(Fingerprint.of(Severity.valueOf(sev), src, msg)).isEqualTo(expected);
    }

    @Test
    void only_the_first_50_code_points_count_so_an_emoji_is_one_not_two_chars() {
        assertThat(Fingerprint.of(Severity.CRITICAL, "api", "🚨".repeat(60))).isEqualTo("85dd0e696054");
        assertThat(Fingerprint.of(Severity.INFO, "x", "é".repeat(49) + "😀" + "tail beyond fifty")).isEqualTo("29bfb703af39");
        assertThat(Fingerprint.of(Severity.INFO, "x", "é".repeat(49) + "😀" + "another tail")).isEqualTo("29bfb703af39");
    }

    @Test
    void severity_is_accepted_in_any_case_and_source_defaults_to_api() {
        Incident i = Incident.from(Map.of("severity", "cRiTiCaL", "msg", "Database connection lost"), Instant.EPOCH);
        assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(i.source()).isEqualTo("api");
    }

    @Test
    void a_message_of_4001_characters_is_refused_and_4000_accepted() {
        assertThat(Incident.from(Map.of("severity", "INFO", "msg", "x".repeat(4000)), Instant.EPOCH).msg()).hasSize(4000);
        assertThatThrownBy(() -> Incident.from(Map.of("severity", "INFO", "msg", "x".repeat(4001)), Instant.EPOCH))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("4001 characters; send at most 4000");
    }

    @Test
    void telegram_text_escapes_html_and_the_subject_cannot_break_into_headers() {
        Incident i = Incident.from(Map.of("severity", "CRITICAL", "msg", "a_b *c* <b>x</b> & C:\\data\\new_file.txt\r\nBcc: evil@example.com",
                "source", "s<&>"), Instant.EPOCH);
        assertThat(PageText.telegram(i)).startsWith("🚨 <b>CRITICAL INCIDENT</b>\n\n")
                .contains("a_b *c* &lt;b&gt;x&lt;/b&gt; &amp; C:\\data\\new_file.txt")
                .contains("\n\nSource: s&lt;&amp;&gt;\nFingerprint: " + i.fingerprint());
        assertThat(PageText.emailSubject(i)).doesNotContain("\r").doesNotContain("\n").contains("Bcc: evil");
    }

    @Test
    void retries_double_the_backoff_honour_retry_after_and_stop_on_a_rejection() {
        RetryPolicy p = new RetryPolicy(5, 50);
        assertThat(p.delayAfter(1, SendResult.failed("500"))).isEqualTo(50);
        assertThat(p.delayAfter(3, SendResult.failed("500"))).isEqualTo(200);
        assertThat(p.delayAfter(5, SendResult.failed("500"))).isEqualTo(-1);
        assertThat(p.delayAfter(1, SendResult.throttled("429", 2000))).isEqualTo(2000);
        assertThat(p.delayAfter(1, SendResult.ofStatus(401, "401", 0))).isEqualTo(-1);
        assertThat(SendResult.ofStatus(429, "429", 0).kind()).isEqualTo(SendResult.Kind.THROTTLED);
        assertThat(SendResult.ofStatus(503, "503", 0).kind()).isEqualTo(SendResult.Kind.FAILED);
    }
}
