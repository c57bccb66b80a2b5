package portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test's own link maker: computes the token with javax.crypto directly, from the seed's
 * formula, never through the production signer.
 */
final class Links {
    static final String SECRET = "test-secret-0123456789abcdef-0123456789";
    static final String OLD_SECRET = "old-secret-9876543210fedcba-9876543210";
    static final String OTHER_SECRET = "someone-elses-secret-0000000000000000000";

    private Links() {
    }

    /** first 32 hex of HMAC-SHA256(secret, "email:id:expires") */
    static String token(String secret, String email, String id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] d = mac.doFinal((email + ":" + id + ":" + expires).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 32);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String url(String email, String id, long expires, String token) {
        return "/api/portal/download?email=" + enc(email) + "&id=" + enc(id) + "&expires=" + expires + "&token=" + token;
    }

    static String signed(String secret, String email, String id, long expires) {
        return url(email, id, expires, token(secret, email, id, expires));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
