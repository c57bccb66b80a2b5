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
import org.apache.camel.component.telegram.model.OutgoingTextMessage;

/**
 * Pages through camel-telegram (sendMessage, legacy Markdown) at TELEGRAM_API_BASE_URL.
 * camel-telegram reports an HTTP error only as an exception message "URL responded: STATUS BODY"
 * with the bot token inside the URL: this reads status and retry_after from it and scrubs the token.
 */
public final class TelegramChannel implements Channel {
    private static final Pattern RESPONDED = Pattern.compile("responded: (\\d{3})(.*)", Pattern.DOTALL);
    private static final int MAX_ERROR = 300;
    private final ProducerTemplate template;
    private final String uri;
    private final String chatId;
    private final SecretScrubber scrubber;

    public TelegramChannel(CamelContext context, String baseUrl, String token, String chatId, SecretScrubber scrubber) {
        this.template = context.createProducerTemplate();
        this.uri = "telegram:bots?authorizationToken=RAW(" + token + ")&baseUri=RAW(" + trimSlash(baseUrl) + ")";
        this.chatId = chatId;
        this.scrubber = scrubber;
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public SendResult send(Page page) {
        OutgoingTextMessage message = new OutgoingTextMessage();
        message.setChatId(chatId);
        message.setText(page.text());
        message.setParseMode("Markdown");
        try {
            Exchange done = template.send(uri, e -> e.getMessage().setBody(message));
            return done.getException() == null ? SendResult.delivered() : classify(done.getException());
        } catch (RuntimeException e) {
            return classify(e);
        }
    }

    private SendResult classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : RESPONDED.matcher(t.getMessage());
            if (m != null && m.find()) {
                int status = Integer.parseInt(m.group(1));
                String body = m.group(2).trim();
                return SendResult.ofStatus(status, "HTTP " + status + " " + shorten(scrubber.scrub(body)), retryAfterMs(body));
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
