package incidents.camel;

import java.util.List;

/**
 * The inline keyboard of a page (Telegram's reply_markup): Acknowledge and Resolve, whose
 * callback data ("ack:FINGERPRINT", "resolve:FINGERPRINT", within Telegram's 64 bytes) comes back
 * in a button press.
 */
public record TelegramButtons(List<List<Button>> inlineKeyboard) {
    public static final String ACK = "ack";
    public static final String RESOLVE = "resolve";

    public record Button(String text, String callbackData) {
    }

    public static TelegramButtons of(String fingerprint) {
        return new TelegramButtons(List.of(List.of(new Button("Acknowledge", ACK + ":" + fingerprint),
                new Button("Resolve", RESOLVE + ":" + fingerprint))));
    }

    /** What an acknowledged page keeps. */
    public static TelegramButtons resolveOnly(String fingerprint) {
        return new TelegramButtons(List.of(List.of(new Button("Resolve", RESOLVE + ":" + fingerprint))));
    }

    /** A resolved page's: no buttons left. */
    public static TelegramButtons none() {
        return new TelegramButtons(List.of());
    }
}
