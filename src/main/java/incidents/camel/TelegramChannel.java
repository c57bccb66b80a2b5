package incidents.camel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.Json;
import com.fasterxml.jackson.databind.JsonNode;
import incidents.Channel;
import incidents.Page;
import incidents.SecretScrubber;
import incidents.SendResult;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.telegram.model.MessageResult;
import org.apache.camel.component.telegram.model.OutgoingTextMessage;

/**
 * Pages through camel-telegram (sendMessage, legacy Markdown) at TELEGRAM_API_BASE_URL.
 * camel-telegram reports an HTTP error only as an exception message "URL responded: STATUS BODY"
 * with the bot token inside the URL: this reads status and retry_after from it and scrubs the token.
 * <p>
 * Sends are serialised per bot. camel-telegram 4.18 builds every request of an endpoint in one
 * shared body publisher (OutgoingMessageHandler holds a single TelegramBodyPublisher whose parts
 * are a plain LinkedHashSet, filled by addBody and cleared after serialising): two concurrent sends
 * put both messages in one body, or none, or turn sendMessage into multipart/form-data. Telegram
 * itself takes about 30 messages a second per bot, so one at a time costs nothing real.
 * A page counts as delivered only when Telegram answered ok with a message id.
 */
public final class TelegramChannel implements Channel {
    private static final Pattern RESPONDED = Pattern.compile("responded: (\\d{3})(.*)", Pattern.DOTALL);
    private static final int MAX_ERROR = 300;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Telegram answers 400 "chat not found" for a wrong TELEGRAM_CHAT_ID: every page would fail alike. */
    private static final Pattern WRONG_CHAT = Pattern.compile("chat not found|bot was kicked|not enough rights", Pattern.CASE_INSENSITIVE);
    private final ProducerTemplate template;
    private final String uri;
    private final String chatId;
    private final SecretScrubber scrubber;

    public TelegramChannel(CamelContext context, String baseUrl, String token, String chatId, SecretScrubber scrubber) {
        this.template = context.createProducerTemplate();
        // 64 KiB holds the largest message (4,096 characters, JSON-escaped) instead of 1 MiB per send
        this.uri = "telegram:bots?authorizationToken=RAW(" + token + ")&baseUri=RAW(" + trimSlash(baseUrl) + ")"
                + "&bufferSize=" + BUFFER_BYTES;
        this.chatId = chatId;
        this.scrubber = scrubber;
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public synchronized SendResult send(Page page) {
        OutgoingTextMessage message = new OutgoingTextMessage();
        message.setChatId(chatId);
        message.setText(page.text());
        message.setParseMode("Markdown");
        try {
            Exchange done = template.send(uri, e -> e.getMessage().setBody(message));
            return done.getException() == null ? answered(done.getMessage().getBody()) : classify(done.getException());
        } catch (RuntimeException e) {
            return classify(e);
        }
    }

    /** A 2xx is a delivery only when it says ok and names the message it created. */
    private static SendResult answered(Object body) {
        if (body instanceof MessageResult r && r.isOk() && r.getMessage() != null && r.getMessage().getMessageId() != null) {
            return SendResult.delivered();
        }
        return SendResult.failed("Telegram answered without ok and a message id: " + shorten(String.valueOf(body)));
    }

    private SendResult classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : RESPONDED.matcher(t.getMessage());
            if (m != null && m.find()) {
                int status = Integer.parseInt(m.group(1));
                String body = m.group(2).trim();
                String error = "HTTP " + status + " " + shorten(scrubber.scrub(body));
                return status == 400 && WRONG_CHAT.matcher(body).find()
                        ? SendResult.denied(error) : SendResult.ofStatus(status, error, retryAfterMs(body));
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return SendResult.failed(shorten(scrubber.scrub(root.getClass().getSimpleName() + ": " + root.getMessage())));
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

    private static String shorten(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "...";
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
