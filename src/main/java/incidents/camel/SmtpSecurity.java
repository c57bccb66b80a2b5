package incidents.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import base.ConfigException;
import base.Settings;

/**
 * How the email channel protects its SMTP session, so that the password and the pages never
 * cross the network in clear by accident:
 * <ul>
 * <li>{@code starttls} (the default): STARTTLS is required; a server that does not offer it gets
 * neither the credentials nor the mail (Jakarta Mail checks before AUTH);</li>
 * <li>{@code smtps}: TLS from the first byte (port 465; the default there);</li>
 * <li>{@code none}: clear text, for a trusted local relay only; refused at start with SMTP_USER set,
 * since that would send the password in clear, unless SMTP_ALLOW_PLAINTEXT_AUTH=true.</li>
 * </ul>
 * Over TLS the server's name is checked against its certificate. SMTP_CA_FILE (PEM) replaces the
 * JVM's trusted CAs for this channel only, for a relay whose certificate a private CA signed.
 */
public record SmtpSecurity(Mode mode, Optional<SSLSocketFactory> trustedCa) {
    public static final String TLS = "SMTP_TLS";
    public static final String CA_FILE = "SMTP_CA_FILE";
    public static final String ALLOW_PLAINTEXT_AUTH = "SMTP_ALLOW_PLAINTEXT_AUTH";

    public enum Mode { STARTTLS, SMTPS, NONE }

    /** Reads and checks the settings; anything unusable stops start-up naming the variable. */
    public static SmtpSecurity from(Settings s, int port, boolean withCredentials) {
        Mode mode = mode(s.optional(TLS), port);
        if (mode == Mode.NONE && withCredentials && !s.optional(ALLOW_PLAINTEXT_AUTH).map(v -> s.bool(ALLOW_PLAINTEXT_AUTH)).orElse(false)) {
            throw new ConfigException(TLS, "is none and SMTP_USER is set, which would send the SMTP password in clear text; "
                    + "use starttls or smtps, or set " + ALLOW_PLAINTEXT_AUTH + "=true if the relay is local and trusted");
        }
        Optional<SSLSocketFactory> ca = s.optional(CA_FILE).map(f -> trusting(Path.of(f)));
        if (ca.isPresent() && mode == Mode.NONE) {
            throw new ConfigException(CA_FILE, "is set but SMTP_TLS is none, so no certificate would be checked; "
                    + "use SMTP_TLS=starttls or smtps, or unset " + CA_FILE);
        }
        return new SmtpSecurity(mode, ca);
    }

    private static Mode mode(Optional<String> setting, int port) {
        if (setting.isEmpty()) {
            return port == 465 ? Mode.SMTPS : Mode.STARTTLS; // 465 is the submission port with implicit TLS (RFC 8314)
        }
        return switch (setting.get().toLowerCase(Locale.ROOT)) {
            case "starttls" -> Mode.STARTTLS;
            case "smtps", "tls", "ssl" -> Mode.SMTPS;
            case "none", "plain" -> Mode.NONE;
            default -> throw new ConfigException(TLS, "'" + setting.get() + "' is not one of starttls, smtps, none");
        };
    }

    /**
     * The Jakarta Mail properties of this mode for its smtp transport (the route's endpoint is
     * always smtp://): smtps is that transport with TLS from the first byte (ssl.enable).
     */
    public Properties javaMailProperties() {
        String p = "mail.smtp.";
        Properties props = new Properties();
        props.put(p + "starttls.enable", String.valueOf(mode == Mode.STARTTLS));
        props.put(p + "starttls.required", String.valueOf(mode == Mode.STARTTLS));
        props.put(p + "ssl.enable", String.valueOf(mode == Mode.SMTPS));
        if (mode != Mode.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
            // an object, not a class name: Jakarta Mail uses it for STARTTLS and for smtps alike
            trustedCa.ifPresent(factory -> props.put(p + "ssl.socketFactory", factory));
        }
        return props;
    }

    /**
     * What an operator should do about a failure this mode caused, or empty for any other failure.
     * Both are refusals, not worth retrying at once: the next incident run tries the page again.
     */
    public static Optional<String> explain(Throwable failure, String hostPort) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("STARTTLS is required")) {
                return Optional.of("the SMTP server " + hostPort + " does not offer STARTTLS, so neither the credentials nor the"
                        + " mail were sent (SMTP_TLS=starttls requires it): enable STARTTLS on the server, or set SMTP_TLS=smtps"
                        + " for a server with TLS on connect (port 465), or SMTP_TLS=none for a trusted local relay");
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return Optional.of("TLS with the SMTP server " + hostPort + " failed (" + t.getClass().getSimpleName() + ": " + m
                        + "): if a private CA signed its certificate, set SMTP_CA_FILE to that CA's PEM file;"
                        + " SMTP_HOST must be a name (or address) the certificate lists");
            }
        }
        return Optional.empty();
    }

    /** A socket factory that trusts the certificates of a PEM file, and only those. */
    static SSLSocketFactory trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ConfigException(CA_FILE, pem + " holds no certificate; give a PEM file with -----BEGIN CERTIFICATE----- blocks");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (IOException e) {
            throw new ConfigException(CA_FILE, "cannot read " + pem + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(CA_FILE, pem + " is not a PEM certificate file (" + e.getMessage() + ")");
        }
    }
}
