package incidents.camel;

import java.util.Properties;

import incidents.Channel;
import incidents.Page;
import incidents.SecretScrubber;
import incidents.SendResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailEndpoint;

/**
 * Pages by email through camel-mail: over TLS as {@link SmtpSecurity} says (STARTTLS required
 * by default), plain text, and only the headers set here (camel-mail turns exchange headers
 * into mail headers, so nothing from the request travels along). Bad credentials or addresses
 * are rejections, not worth retrying; anything else (server down, 4xx) is retried.
 */
public final class EmailChannel implements Channel {
    private static final int TIMEOUT_MS = 10_000;
    private final ProducerTemplate template;
    private final MailEndpoint endpoint;
    private final SecretScrubber scrubber;
    private final String hostPort;

    /** Settings of the SMTP channel; user and password may be null (no AUTH). */
    public record Smtp(String host, int port, String user, String password, String from, String to, SmtpSecurity security) {
    }

    public EmailChannel(CamelContext context, Smtp smtp, SecretScrubber scrubber) {
        this.template = context.createProducerTemplate();
        this.scrubber = scrubber;
        this.hostPort = smtp.host() + ":" + smtp.port();
        String scheme = smtp.security().scheme();
        StringBuilder uri = new StringBuilder(scheme + "://" + smtp.host() + ":" + smtp.port()
                + "?from=RAW(" + smtp.from() + ")&to=RAW(" + smtp.to() + ")&connectionTimeout=" + TIMEOUT_MS);
        if (smtp.user() != null) {
            uri.append("&username=RAW(").append(smtp.user()).append(")&password=RAW(")
                    .append(smtp.password() == null ? "" : smtp.password()).append(")");
        }
        this.endpoint = context.getEndpoint(uri.toString(), MailEndpoint.class);
        Properties props = smtp.security().javaMailProperties();
        props.put("mail." + scheme + ".timeout", String.valueOf(TIMEOUT_MS));
        props.put("mail." + scheme + ".writetimeout", String.valueOf(TIMEOUT_MS));
        endpoint.getConfiguration().setAdditionalJavaMailProperties(props);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public SendResult send(Page page) {
        try {
            Exchange done = template.send(endpoint, e -> {
                e.getMessage().setBody(page.text());
                e.getMessage().setHeader("Subject", page.subject());
                e.getMessage().setHeader("Content-Type", "text/plain; charset=UTF-8");
            });
            return done.getException() == null ? SendResult.delivered() : classify(done.getException());
        } catch (RuntimeException e) {
            return classify(e);
        }
    }

    private SendResult classify(Throwable failure) {
        java.util.Optional<String> tls = SmtpSecurity.explain(failure, hostPort);
        if (tls.isPresent()) {
            return SendResult.rejected(scrubber.scrub(tls.get()));
        }
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationFailedException || t instanceof SendFailedException) {
                return SendResult.rejected(describe(t));
            }
            root = t;
        }
        return SendResult.failed(describe(root));
    }

    private String describe(Throwable t) {
        String s = scrubber.scrub(t.getClass().getSimpleName() + ": " + t.getMessage());
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
