package base;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the secrets of a JDBC URL out of log lines and error messages: the value of any
 * parameter whose name says it is one (password, sslpassword, secret, token, key...) and the
 * password of a user:password@ part. The URL itself is worth logging (which database, which
 * schema), its password never is.
 */
public final class JdbcUrls {
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;:](?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|key))=)([^&;]*)");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?;]*:)([^/@?;]*)@");
    private static final String MASK = "***";

    private JdbcUrls() {
    }

    /** The URL with every secret value replaced by ***. */
    public static String redacted(String url) {
        if (url == null) {
            return null;
        }
        String out = SECRET_PARAMETER.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return USER_INFO_PASSWORD.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    }

    /** A message (a driver's, say) with the URL's secret values replaced by ***, wherever they occur. */
    public static String scrub(String message, String url) {
        if (message == null || url == null) {
            return message;
        }
        String out = message.replace(url, redacted(url));
        for (String secret : secrets(url)) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    static List<String> secrets(String url) {
        List<String> found = new ArrayList<>();
        for (Pattern p : List.of(SECRET_PARAMETER, USER_INFO_PASSWORD)) {
            Matcher m = p.matcher(url);
            while (m.find()) {
                if (!m.group(2).isEmpty()) {
                    found.add(m.group(2));
                }
            }
        }
        return found;
    }
}
