package incidents.camel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import incidents.SecretScrubber;
import incidents.SendResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What Camel cannot know: which failure of a channel route is worth retrying. Reads the status
 * out of what each component throws (camel-telegram: "URL responded: STATUS BODY", with the bot
 * token in the URL; camel-http: {@link HttpOperationFailedException}; camel-mail: JavaMail's
 * exceptions), classifies it as a {@link SendResult}, and scrubs secrets from the error text.
 */
public final class SendFailures {
    private static final Pattern RESPONDED = Pattern.compile("responded: (\\d{3})(.*)", Pattern.DOTALL);
    /** Telegram answers 400 "chat not found" for a wrong TELEGRAM_CHAT_ID: every page would fail alike. */
    private static final Pattern WRONG_CHAT = Pattern.compile("chat not found|bot was kicked|not enough rights",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_ERROR = 300;
    private final SecretScrubber scrubber;
    private final String smtpServer;

    /** @param smtpServer host:port of the SMTP server, named in what a TLS failure tells the operator */
    public SendFailures(SecretScrubber scrubber, String smtpServer) {
        this.scrubber = scrubber;
        this.smtpServer = smtpServer;
    }

    public SendResult classify(Throwable failure) {
        if (failure == null) {
            return SendResult.failed("no answer");
        }
        java.util.Optional<String> tls = SmtpSecurity.explain(failure, smtpServer);
        if (tls.isPresent()) {
            return SendResult.denied(shorten(scrubber.scrub(tls.get())));
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnconfirmedDelivery u) {
                return SendResult.failed(shorten(scrubber.scrub(u.getMessage())));
            }
            if (t instanceof HttpOperationFailedException h) {
                return SendResult.ofStatus(h.getStatusCode(), "HTTP " + h.getStatusCode() + " " + shorten(scrubber.scrub(
                        String.valueOf(h.getResponseBody()))), retryAfterHeaderMs(h.getResponseHeaders().get("Retry-After")));
            }
            if (t instanceof AuthenticationFailedException) {
                return SendResult.denied(describe(t));
            }
            if (t instanceof SendFailedException) {
                return SendResult.refused(describe(t));
            }
            Matcher m = t.getMessage() == null ? null : RESPONDED.matcher(t.getMessage());
            if (m != null && m.find()) {
                return telegram(Integer.parseInt(m.group(1)), m.group(2).trim());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return SendResult.failed(describe(root));
    }

    private SendResult telegram(int status, String body) {
        String error = "HTTP " + status + " " + shorten(scrubber.scrub(body));
        return status == 400 && WRONG_CHAT.matcher(body).find()
                ? SendResult.denied(error) : SendResult.ofStatus(status, error, retryAfterMs(body));
    }

    /** Telegram's {"ok":false,"error_code":429,"parameters":{"retry_after":N}}, N in seconds. */
    static long retryAfterMs(String body) {
        int brace = body.indexOf('{');
        if (brace < 0) {
            return 0;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body.substring(brace)).path("parameters").path("retry_after");
            return n.isNumber() ? Math.max(0, Math.round(n.asDouble() * 1000)) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** An HTTP Retry-After in seconds (the date form is not worth the parsing here). */
    static long retryAfterHeaderMs(String value) {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String describe(Throwable t) {
        return shorten(scrubber.scrub(t.getClass().getSimpleName() + ": " + t.getMessage()));
    }

    private static String shorten(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "...";
    }
}
