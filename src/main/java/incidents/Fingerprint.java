package incidents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The seed's fingerprint: sha256(f"{severity}:{source}:{msg[:50]}")[:12]. Python slices strings
 * by code point, so msg[:50] is the first 50 code points (an emoji counts once, not twice as a
 * Java char pair would), and the digest is over the UTF-8 bytes.
 */
public final class Fingerprint {
    static final int MSG_CODE_POINTS = 50;
    static final int HEX_CHARS = 12;

    private Fingerprint() {
    }

    public static String of(Severity severity, String source, String msg) {
        String text = severity.name() + ":" + source + ":" + firstCodePoints(msg, MSG_CODE_POINTS);
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8))).substring(0, HEX_CHARS);
    }

    /**
     * The fingerprint of a raise that names its own identity (a PagerDuty dedup_key, an
     * Alertmanager alert): sha256("key:" + key)[:12], so any key fits the 12 hex characters.
     */
    public static String ofKey(String dedupKey) {
        return HexFormat.of().formatHex(sha256(("key:" + dedupKey).getBytes(StandardCharsets.UTF_8))).substring(0, HEX_CHARS);
    }

    static String firstCodePoints(String s, int n) {
        if (s.codePointCount(0, s.length()) <= n) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, n));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
