package incidents;

import java.util.List;
import java.util.Objects;

/**
 * Removes secrets (the bot token, the SMTP password) from any text before it reaches a log line,
 * a file or a response: camel-telegram, for one, puts the token in its exception messages.
 */
public final class SecretScrubber {
    private final List<String> secrets;

    public SecretScrubber(List<String> secrets) {
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).toList();
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }
}
