package incidents.camel;

import java.io.IOException;
import java.util.Map;

import base.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import incidents.Page;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns the page (exchange property "page") into what each channel's endpoint takes, for the
 * routes of channels.camel.yaml: Telegram's sendMessage JSON (HTML parse mode; a CRITICAL page or an
 * escalation carries the buttons Acknowledge and Resolve), a plain-text mail (an escalation to ESCALATION_EMAIL_TO),
 * a webhook's JSON. Every header is cleared first: camel-mail makes each header a mail header and
 * camel-http an HTTP header, so only what is set here travels. Also checks Telegram's answer.
 */
public final class PageMessages {
    private final String escalationTo;

    /** {@code escalationTo}: ESCALATION_EMAIL_TO, where an escalation's mail goes (empty: ALERT_EMAIL_TO). */
    public PageMessages(String escalationTo) {
        this.escalationTo = escalationTo;
    }

    public void telegram(Exchange exchange, String chatId) throws JsonProcessingException {
        Page page = page(exchange);
        boolean actionable = page.fingerprint() != null
                && (Page.CRITICAL.equals(page.kind()) || Page.ESCALATION.equals(page.kind()));
        json(exchange, new TelegramMessage(chatId, page.text(), "HTML", actionable ? TelegramButtons.of(page.fingerprint()) : null));
    }

    /** The body of Telegram's sendMessage. */
    private record TelegramMessage(String chatId, String text, String parseMode,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) TelegramButtons replyMarkup) {
    }

    /** A delivery is {"ok":true,"result":{"message_id":N,...}}; anything else is not proof of one. */
    public void telegramAnswered(String answer) {
        JsonNode reply;
        try {
            reply = Json.MAPPER.readTree(answer == null ? "" : answer);
        } catch (IOException e) {
            reply = null;
        }
        if (reply == null || !reply.path("ok").asBoolean() || !reply.path("result").path("message_id").isNumber()) {
            throw new UnconfirmedDelivery("Telegram answered without ok and a message id: "
                    + (answer == null ? "(nothing)" : answer.substring(0, Math.min(answer.length(), 200))));
        }
    }

    public void email(Exchange exchange) {
        Page page = page(exchange);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader("Subject", page.subject());
        if (Page.ESCALATION.equals(page.kind()) && !escalationTo.isBlank()) {
            m.setHeader("To", escalationTo);
        }
        m.setHeader("Content-Type", "text/plain; charset=UTF-8");
        m.setBody(page.text());
    }

    /** {"FIELD":"subject\n\ntext"}: Slack's and Mattermost's incoming webhooks take "text", Discord's "content". */
    public void webhook(Exchange exchange, String field) throws JsonProcessingException {
        Page page = page(exchange);
        json(exchange, Map.of(field, page.subject() + "\n\n" + page.text()));
    }

    private static void json(Exchange exchange, Object body) throws JsonProcessingException {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        m.setBody(Json.MAPPER.writeValueAsString(body));
    }

    private static Page page(Exchange exchange) {
        return exchange.getProperty(PageAttempts.PAGE, Page.class);
    }
}
