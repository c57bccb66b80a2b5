package routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Checks a key (X-Dash-Key, a routing key) in constant time: both sides are hashed first so length does not leak. */
public final class ApiKeyCheck {
    private final byte[] expected;

    public ApiKeyCheck(String key) {
        this.expected = sha256(key);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(expected, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
