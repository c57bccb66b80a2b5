package portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import base.ConfigException;

/**
 * Signs and checks download links: token = first 32 hex of HMAC-SHA256(secret, "email:id:expires"),
 * expires in epoch seconds (the seed's scheme). A link signed with PORTAL_SIGNING_SECRET_PREVIOUS
 * is still accepted, so a secret can be rotated without breaking links already sent.
 */
public final class LinkSigner {
    public static final String SECRET = "PORTAL_SIGNING_SECRET";
    public static final String PREVIOUS = "PORTAL_SIGNING_SECRET_PREVIOUS";
    /** RFC 2104 section 3: a key shorter than the hash output (32 bytes for SHA-256) weakens the MAC. */
    static final int MIN_SECRET_BYTES = 32;
    static final int TOKEN_HEX = 32;
    /** Clocks of the signer and of a second replica may differ a little. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** What a presented link is worth; every failure answers the same 403. */
    public enum Check { VALID, BAD_SIGNATURE, EXPIRED, TOO_FAR_AHEAD }

    /** A signed link's variable parts. */
    public record SignedLink(long expiresAt, String token) {
    }

    private final List<byte[]> secrets;
    private final Duration ttl;
    private final Clock clock;

    LinkSigner(byte[] current, byte[] previous, Duration ttl, Clock clock) {
        this.secrets = previous == null ? List.of(current) : List.of(current, previous);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The signer of these settings, or empty when PORTAL_SIGNING_SECRET is unset (portal off). */
    public static Optional<LinkSigner> from(PortalSettings s, Clock clock) {
        if (s.secret().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LinkSigner(s.secret().get(), s.previousSecret().orElse(null), s.linkTtl(), clock));
    }

    static byte[] strongEnough(String variable, String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            // the length is safe to say; the value never is
            throw new ConfigException(variable, "is " + bytes.length + " bytes; use at least " + MIN_SECRET_BYTES
                    + " random bytes (for example: openssl rand -hex 32)");
        }
        return bytes;
    }

    public Duration ttl() {
        return ttl;
    }

    /** A fresh link for this email and receipt, valid for the TTL from now. */
    public SignedLink sign(String email, String id) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return new SignedLink(expires, token(secrets.get(0), email, id, expires));
    }

    /** Checks the signature under every accepted secret first, then the expiry. */
    public Check check(String email, String id, long expires, String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        boolean signed = false;
        for (byte[] secret : secrets) {
            // no early exit: both secrets are always tried, so timing says nothing about which matched
            byte[] expected = token(secret, email, id, expires).getBytes(StandardCharsets.UTF_8);
            signed |= MessageDigest.isEqual(expected, presented);
        }
        if (!signed) {
            return Check.BAD_SIGNATURE;
        }
        long now = clock.instant().getEpochSecond();
        if (expires < now) {
            return Check.EXPIRED;
        }
        if (expires > now + ttl.plus(CLOCK_SKEW).toSeconds()) {
            return Check.TOO_FAR_AHEAD;
        }
        return Check.VALID;
    }

    static String token(byte[] secret, String email, String id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((email + ":" + id + ":" + expires).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, TOKEN_HEX);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
