package incidents;

import java.util.List;

/**
 * What a page says, per channel. Telegram gets the seed's format in legacy Markdown, with the
 * user's text escaped so it cannot open bold/italic/code/links; email gets plain text and a
 * subject with every control character (CR, LF, ...) replaced, so user text cannot add headers.
 */
public final class PageText {
    static final int SUBJECT_MSG_CHARS = 80;

    private PageText() {
    }

    /** The seed's Telegram message: "🚨 *CRITICAL INCIDENT*\n\n{message}\n\nSource: ...\nFingerprint: ...". */
    public static String telegram(Incident i) {
        return "\uD83D\uDEA8 *" + i.severity().name() + " INCIDENT*\n\n" + escapeMarkdown(i.msg())
                + "\n\nSource: " + escapeMarkdown(i.source()) + "\nFingerprint: " + i.fingerprint();
    }

    public static String emailBody(Incident i) {
        return i.severity().name() + " INCIDENT\n\n" + i.msg() + "\n\nSource: " + i.source()
                + "\nFingerprint: " + i.fingerprint() + "\nRaised: " + i.ts() + "\n";
    }

    public static String emailSubject(Incident i) {
        return subject("[" + i.severity().name() + "] " + i.source() + ": "
                + Fingerprint.firstCodePoints(i.msg(), SUBJECT_MSG_CHARS));
    }

    public static String digestTelegram(List<Incident> items) {
        StringBuilder sb = new StringBuilder("\uD83D\uDCCB *Incident digest*: ").append(items.size()).append(" new\n");
        for (Incident i : items) {
            sb.append("\n").append(i.severity().name()).append(" ").append(escapeMarkdown(i.source())).append(": ")
                    .append(escapeMarkdown(Fingerprint.firstCodePoints(i.msg(), 200))).append(" (").append(i.fingerprint()).append(")");
        }
        return sb.toString();
    }

    public static String digestEmailBody(List<Incident> items) {
        StringBuilder sb = new StringBuilder("Incident digest: ").append(items.size()).append(" new\n");
        for (Incident i : items) {
            sb.append("\n").append(i.ts()).append(" ").append(i.severity().name()).append(" ").append(i.source())
                    .append(" [").append(i.fingerprint()).append("]\n  ").append(i.msg()).append("\n");
        }
        return sb.toString();
    }

    public static String digestSubject(List<Incident> items) {
        return subject("[DIGEST] " + items.size() + " incident" + (items.size() == 1 ? "" : "s") + " (ERROR/WARNING)");
    }

    /** Telegram legacy Markdown: _ * ` [ are escaped with a backslash outside entities. */
    static String escapeMarkdown(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '_' || c == '*' || c == '`' || c == '[' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** One header line: control and line-separator characters become spaces. */
    static String subject(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 ? ' ' : cp));
        return sb.toString().strip();
    }
}
