package incidents.camel;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import base.Settings;
import incidents.SecretScrubber;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;

/**
 * Which built-in channel routes run, from the settings: channels.camel.yaml's routes have the
 * precondition {@code {{channel.telegram.enabled}}} / {@code {{channel.email.enabled}}}, set here
 * before the routes load. Also configures camel-mail's smtp component with what a URI should not
 * carry (credentials, addresses, TLS per {@link SmtpSecurity}), so that the email route reads
 * {@code smtp://host:port}.
 */
public record ChannelSettings(boolean telegram, boolean email, Map<String, String> off) {
    private static final int MAIL_TIMEOUT_MS = 10_000;

    public static ChannelSettings apply(Settings s, CamelContext context) {
        Map<String, String> off = new LinkedHashMap<>();
        boolean telegram = s.optional("TELEGRAM_BOT_TOKEN").isPresent() && s.optional("TELEGRAM_CHAT_ID").isPresent();
        if (!telegram) {
            off.put("telegram", "off: set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID");
        }
        boolean email = s.optional("SMTP_HOST").isPresent() && s.optional("SMTP_FROM").isPresent()
                && s.optional("ALERT_EMAIL_TO").isPresent();
        if (email) {
            configureSmtp(s, context.getComponent("smtp", MailComponent.class).getConfiguration());
        } else {
            off.put("email", "off: set SMTP_HOST, SMTP_FROM and ALERT_EMAIL_TO");
        }
        context.getPropertiesComponent().addInitialProperty("channel.telegram.enabled", String.valueOf(telegram));
        context.getPropertiesComponent().addInitialProperty("channel.email.enabled", String.valueOf(email));
        return new ChannelSettings(telegram, email, off);
    }

    /** TLS as {@link SmtpSecurity} says (STARTTLS required by default), credentials, addresses, timeouts. */
    private static void configureSmtp(Settings s, MailConfiguration mail) {
        int port = s.integer("SMTP_PORT", 1, 65535);
        Optional<String> user = s.optional("SMTP_USER");
        SmtpSecurity security = SmtpSecurity.from(s, port, user.isPresent());
        mail.setFrom(s.text("SMTP_FROM", ""));
        mail.setTo(s.text("ALERT_EMAIL_TO", ""));
        user.ifPresent(u -> {
            mail.setUsername(u);
            mail.setPassword(s.optional("SMTP_PASS").orElse(""));
        });
        mail.setConnectionTimeout(MAIL_TIMEOUT_MS);
        Properties props = security.javaMailProperties();
        props.put("mail.smtp.timeout", String.valueOf(MAIL_TIMEOUT_MS));
        props.put("mail.smtp.writetimeout", String.valueOf(MAIL_TIMEOUT_MS));
        mail.setAdditionalJavaMailProperties(props);
    }

    /** The secrets that must never reach a log line, a file or a response. */
    public static SecretScrubber scrubber(Settings s) {
        return new SecretScrubber(Arrays.asList(s.optional("TELEGRAM_BOT_TOKEN").orElse(null),
                s.optional("SMTP_PASS").orElse(null)));
    }
}
