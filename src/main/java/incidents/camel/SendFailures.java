package incidents.camel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import incidents.SecretScrubber;
import incidents.SendResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
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
                return http(h.getStatusCode(), String.valueOf(h.getResponseBody()),
                        retryAfterHeaderMs(header(h.getResponseHeaders(), "Retry-After")));
            }
            if (t instanceof AuthenticationFailedException) {
                return SendResult.denied(describe(t));
            }
            if (t instanceof SendFailedException sent) {
                return smtp(sent);
            }
            Matcher m = t.getMessage() == null ? null : RESPONDED.matcher(t.getMessage());
            if (m != null && m.find()) {
                return http(Integer.parseInt(m.group(1)), m.group(2).trim(), 0);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return SendResult.failed(describe(root));
    }

    /**
     * What the SMTP server answered, from the reply codes Angus Mail keeps: a 4xx is temporary
     * (greylisting, a full queue), 530/535 or a refused recipient (550/551/553: ALERT_EMAIL_TO) is
     * the channel's settings, 552/554 refuse this message; without a code, retry.
     */
    private SendResult smtp(SendFailedException failure) {
        String error = describe(failure);
        int code = replyCode(failure);
        if (code >= 400 && code < 500) {
            return SendResult.failed(error);
        }
        if (code == 530 || code == 535 || code == 550 || code == 551 || code == 553) {
            return SendResult.denied(error);
        }
        if (code == 552 || code == 554) {
            return SendResult.refused(error);
        }
        return SendResult.failed(error);
    }

    private static int replyCode(jakarta.mail.MessagingException failure) {
        for (Exception e = failure; e != null; e = e instanceof jakarta.mail.MessagingException m ? m.getNextException() : null) {
            if (e instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (e instanceof SMTPSendFailedException f) {
                return f.getReturnCode();
            }
        }
        return -1;
    }

    /** An HTTP answer: the wait a 429 asks for is Telegram's retry_after (in the body) or a Retry-After header. */
    private SendResult http(int status, String body, long retryAfterHeader) {
        String error = "HTTP " + status + " " + shorten(scrubber.scrub(body));
        return status == 400 && WRONG_CHAT.matcher(body).find()
                ? SendResult.denied(error) : SendResult.ofStatus(status, error, Math.max(retryAfterHeader, retryAfterMs(body)));
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

    private static String header(java.util.Map<String, String> headers, String name) {
        return headers == null ? null : headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
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
