package incidents.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.Settings;
import incidents.Channel;
import incidents.SecretScrubber;
import org.apache.camel.CamelContext;

/** The notification channels the settings turn on; a channel whose settings are unset is off. */
public record Channels(List<Channel> on, Map<String, String> status) {

    public static Channels from(Settings s, CamelContext context, SecretScrubber scrubber) {
        List<Channel> on = new ArrayList<>();
        Map<String, String> status = new LinkedHashMap<>();
        Optional<String> token = s.optional("TELEGRAM_BOT_TOKEN");
        Optional<String> chat = s.optional("TELEGRAM_CHAT_ID");
        if (token.isPresent() && chat.isPresent()) {
            on.add(new TelegramChannel(context, s.text("TELEGRAM_API_BASE_URL", "https://api.telegram.org"),
                    token.get(), chat.get(), scrubber));
            status.put("telegram", "on");
        } else {
            status.put("telegram", "off: set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID");
        }
        Optional<String> host = s.optional("SMTP_HOST");
        Optional<String> from = s.optional("SMTP_FROM");
        Optional<String> to = s.optional("ALERT_EMAIL_TO");
        if (host.isPresent() && from.isPresent() && to.isPresent()) {
            int port = s.integer("SMTP_PORT", 1, 65535);
            Optional<String> user = s.optional("SMTP_USER");
            on.add(new EmailChannel(context, new EmailChannel.Smtp(host.get(), port, user.orElse(null),
                    s.optional("SMTP_PASS").orElse(null), from.get(), to.get(), SmtpSecurity.from(s, port, user.isPresent())), scrubber));
            status.put("email", "on");
        } else {
            status.put("email", "off: set SMTP_HOST, SMTP_FROM and ALERT_EMAIL_TO");
        }
        return new Channels(on, status);
    }

    /** The secrets that must never reach a log line, a file or a response. */
    public static SecretScrubber scrubber(Settings s) {
        return new SecretScrubber(java.util.Arrays.asList(s.optional("TELEGRAM_BOT_TOKEN").orElse(null),
                s.optional("SMTP_PASS").orElse(null)));
    }
}
