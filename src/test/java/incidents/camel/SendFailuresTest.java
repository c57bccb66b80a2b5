package incidents.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import incidents.SecretScrubber;
import incidents.SendResult;
import jakarta.mail.Address;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SendFailuresTest {
    final SendFailures failures = new SendFailures(new SecretScrubber(List.of("123:SECRET-token")), "mail.example.com:587");

    private static SendFailedException recipientRefused(int code) throws Exception {
        InternetAddress to = new InternetAddress("oncall@example.com");
        return new SendFailedException("Invalid Addresses", null, new Address[0], new Address[0], new Address[] {to}) {
            @Override
            public Exception getNextException() {
                return new SMTPAddressFailedException(to, "RCPT TO:<oncall@example.com>", code, code + " refused");
            }
        };
    }

    private static SendResult.Kind http(int status, Map<String, String> headers, String body) {
        return new SendFailures(new SecretScrubber(List.of()), "")
                .classify(new HttpOperationFailedException("http://x/bot123:SECRET-token/sendMessage", status, "s", null, headers, body)).kind();
    }

    @Test
    void a_temporary_smtp_reply_is_retried_a_wrong_recipient_is_the_channels_settings_and_a_refused_message_ends() throws Exception {
        assertThat(failures.classify(recipientRefused(451)).kind()).isEqualTo(SendResult.Kind.FAILED);   // greylisted
        assertThat(failures.classify(recipientRefused(550)).kind()).isEqualTo(SendResult.Kind.DENIED);   // ALERT_EMAIL_TO
        SMTPSendFailedException tooBig = new SMTPSendFailedException("DATA", 552, "552 message too big", null,
                new Address[0], new Address[0], new Address[0]);
        assertThat(failures.classify(tooBig).kind()).isEqualTo(SendResult.Kind.REFUSED);
        SMTPSendFailedException busy = new SMTPSendFailedException("MAIL", 421, "421 try later", null,
                new Address[0], new Address[0], new Address[0]);
        assertThat(failures.classify(busy).kind()).isEqualTo(SendResult.Kind.FAILED);
        assertThat(failures.classify(new SendFailedException("no code")).kind()).isEqualTo(SendResult.Kind.FAILED);
    }

    @Test
    void http_statuses_say_whether_the_message_the_channel_or_the_moment_is_wrong() {
        assertThat(http(400, Map.of(), "{\"ok\":false,\"description\":\"Bad Request: message is too long\"}"))
                .isEqualTo(SendResult.Kind.REFUSED);
        assertThat(http(400, Map.of(), "{\"ok\":false,\"description\":\"Bad Request: chat not found\"}"))
                .isEqualTo(SendResult.Kind.DENIED);
        assertThat(http(408, Map.of(), "")).isEqualTo(SendResult.Kind.FAILED);
        assertThat(http(410, Map.of(), "channel_is_archived")).isEqualTo(SendResult.Kind.DENIED);
        assertThat(http(401, Map.of(), "")).isEqualTo(SendResult.Kind.DENIED);
        assertThat(http(503, Map.of(), "")).isEqualTo(SendResult.Kind.FAILED);
    }

    @Test
    void a_429_waits_for_retry_after_from_the_body_or_a_header_in_any_case() {
        SendFailures f = new SendFailures(new SecretScrubber(List.of()), "");
        SendResult body = f.classify(new HttpOperationFailedException("u", 429, "s", null, Map.of(),
                "{\"ok\":false,\"parameters\":{\"retry_after\":7}}"));
        assertThat(body.kind()).isEqualTo(SendResult.Kind.THROTTLED);
        assertThat(body.retryAfterMs()).isEqualTo(7000);
        SendResult header = f.classify(new HttpOperationFailedException("u", 429, "s", null, Map.of("retry-after", "3"), ""));
        assertThat(header.retryAfterMs()).isEqualTo(3000);
    }

    @Test
    void the_bot_token_never_survives_into_the_error_text() {
        SendResult r = failures.classify(new RuntimeException("http://x/bot123:SECRET-token/sendMessage responded: 500{}"));
        assertThat(r.error()).doesNotContain("SECRET-token");
    }
}
