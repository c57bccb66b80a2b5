package incidents.lifecycle;

import base.ApiProblem;
import base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import incidents.SecretScrubber;
import incidents.camel.TelegramButtons;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.telegram.model.IncomingCallbackQuery;
import org.apache.camel.component.telegram.model.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A press of a page's Acknowledge or Resolve button, as camel-telegram's consumer receives it
 * (getUpdates): accepted only from TELEGRAM_CHAT_ID, recorded with the presser's Telegram name,
 * answered (answerCallbackQuery, the message is the body), and when it moved the incident the page
 * is edited to say who did it and when (editMessageText, the exchange property {@value #EDIT}).
 */
public final class TelegramActions {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramActions.class);
    public static final String EDIT = "telegramEdit";
    private final Lifecycle lifecycle;
    private final String chatId;
    private final SecretScrubber scrubber;

    public TelegramActions(Lifecycle lifecycle, String chatId, SecretScrubber scrubber) {
        this.lifecycle = lifecycle;
        this.chatId = chatId;
        this.scrubber = scrubber;
    }

    public void press(IncomingCallbackQuery press, Exchange exchange) {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        String chat = press.getMessage() == null || press.getMessage().getChat() == null ? null : press.getMessage().getChat().getId();
        if (!chatId.equals(chat)) {
            LOG.warn("a button press from chat {} (user {}) was refused: only TELEGRAM_CHAT_ID {} may acknowledge or resolve",
                    chat, who(press.getFrom()), chatId);
            m.setBody(Json.line(new Answer(press.getId(), "Not allowed from this chat")));
            return;
        }
        String data = press.getData() == null ? "" : press.getData();
        int colon = data.indexOf(':');
        String action = colon < 0 ? data : data.substring(0, colon);
        String fingerprint = colon < 0 ? "" : data.substring(colon + 1);
        String by = who(press.getFrom());
        Lifecycle.Transition t;
        try {
            t = switch (action) {
                case TelegramButtons.ACK -> lifecycle.acknowledge(fingerprint, by);
                case TelegramButtons.RESOLVE -> lifecycle.resolve(fingerprint, by);
                default -> throw ApiProblem.badRequest("unknown button " + action);
            };
        } catch (ApiProblem p) {
            m.setBody(Json.line(new Answer(press.getId(), p.getMessage())));
            return;
        }
        IncidentState s = t.incident();
        if (!t.moved()) {
            m.setBody(Json.line(new Answer(press.getId(), "Already " + s.status())));
            return;
        }
        LOG.info("incident {} {} by {} on Telegram", s.fingerprint(), s.status(), by);
        m.setBody(Json.line(new Answer(press.getId(), s.status().substring(0, 1).toUpperCase() + s.status().substring(1))));
        TelegramButtons keys = s.state() == IncidentStatus.ACKNOWLEDGED ? TelegramButtons.resolveOnly(s.fingerprint())
                : TelegramButtons.none();
        exchange.setProperty(EDIT, Json.line(new Edit(chat, press.getMessage().getMessageId(), LifecycleText.pressed(s), "HTML",
                keys)));
    }

    /** Telegram's answer to an answerCallbackQuery or editMessageText; a refusal is logged without the bot token. */
    public void answered(String answer) {
        JsonNode reply;
        try {
            reply = Json.MAPPER.readTree(answer == null ? "" : answer);
        } catch (java.io.IOException e) {
            reply = null;
        }
        if (reply == null || !reply.path("ok").asBoolean()) {
            LOG.warn("Telegram did not take a button answer or edit: {}", scrubber.scrub(answer == null ? "(nothing)"
                    : answer.substring(0, Math.min(answer.length(), 300))));
        }
    }

    /** "@username", else the first and last name, as Telegram knows the presser. */
    static String who(User u) {
        if (u == null) {
            return "telegram";
        }
        if (u.getUsername() != null && !u.getUsername().isBlank()) {
            return "@" + u.getUsername();
        }
        return ((u.getFirstName() == null ? "" : u.getFirstName()) + " " + (u.getLastName() == null ? "" : u.getLastName())).trim();
    }

    private record Answer(String callbackQueryId, String text) {
    }

    private record Edit(String chatId, Long messageId, String text, String parseMode, TelegramButtons replyMarkup) {
    }
}
