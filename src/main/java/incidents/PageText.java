package incidents;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a page says, per channel, always within what the channel takes: Telegram refuses a
 * message over 4,096 characters (counted after its HTML is parsed), and the outbox keeps at most
 * 20,000. Telegram gets the seed's format in HTML parse mode with the user's text escaped (&amp;, &lt;,
 * &gt;), so every character a user wrote is shown as written (legacy Markdown has no escape for a
 * backslash);
 * email gets plain text and a subject with every control character (CR, LF, ...) replaced, so user
 * text cannot add headers. A digest of any size becomes one message: counts by severity and
 * source, then as many incidents as fit, then "and N more".
 */
public final class PageText {
    static final int SUBJECT_MSG_CHARS = 80;
    /** Telegram's sendMessage limit, in characters (counted here in UTF-16 units, which is never fewer). */
    public static final int TELEGRAM_MAX_CHARS = 4096;
    /** An email page or digest: a readable mail, and below the outbox's 20,000-character column. */
    public static final int EMAIL_MAX_CHARS = 16_000;
    static final int DIGEST_ITEM_CHARS = 200;
    static final String CUT = "...";

    private PageText() {
    }

    /** The seed's Telegram message: "🚨 <b>CRITICAL INCIDENT</b>\n\n{message}\n\nSource: ...\nFingerprint: ...". */
    public static String telegram(Incident i) {
        return telegram(i, "\uD83D\uDEA8", i.severity().name() + " INCIDENT", "");
    }

    /**
     * A Telegram message about an incident: "{icon} <b>{title}</b>", its text, source and
     * fingerprint, then {@code footer} (plain text, escaped here); the user's text is cut with "..."
     * so that the message shows at most {@value #TELEGRAM_MAX_CHARS} characters.
     */
    public static String telegram(Incident i, String icon, String title, String footer) {
        String head = icon + " " + title + "\n\n";
        String tail = "\n\nSource: " + i.source() + "\nFingerprint: " + i.fingerprint() + (footer.isEmpty() ? "" : "\n\n" + footer);
        String msg = within(i.msg(), TELEGRAM_MAX_CHARS - head.length() - tail.length());
        return icon + " <b>" + escapeHtml(title) + "</b>\n\n" + escapeHtml(msg) + escapeHtml(tail);
    }

    public static String emailBody(Incident i) {
        return i.severity().name() + " INCIDENT\n\n" + i.msg() + "\n\nSource: " + i.source()
                + "\nFingerprint: " + i.fingerprint() + "\nRaised: " + i.ts() + "\n";
    }

    public static String emailSubject(Incident i) {
        return subject("[" + i.severity().name() + "] " + i.source() + ": "
                + Fingerprint.firstCodePoints(i.msg(), SUBJECT_MSG_CHARS));
    }

    public static String digestTelegram(Digest d) {
        StringBuilder head = new StringBuilder("\uD83D\uDCCB <b>Incident digest</b>: ").append(d.total()).append(" new\n");
        if (d.unlisted() > 0) {
            head.append(counts(d, true));
        }
        // measured as HTML, which is never shorter than what Telegram shows
        return listWithin(head, d, TELEGRAM_MAX_CHARS, i -> "\n" + i.severity().name() + " " + escapeHtml(i.source())
                + ": " + escapeHtml(Fingerprint.firstCodePoints(i.msg(), DIGEST_ITEM_CHARS)) + " (" + i.fingerprint() + ")");
    }

    public static String digestEmailBody(Digest d) {
        StringBuilder head = new StringBuilder("Incident digest: ").append(d.total()).append(" new\n");
        if (d.unlisted() > 0) {
            head.append(counts(d, false));
        }
        return listWithin(head, d, EMAIL_MAX_CHARS, i -> "\n" + i.ts() + " " + i.severity().name() + " " + i.source()
                + " [" + i.fingerprint() + "]\n  " + Fingerprint.firstCodePoints(i.msg(), 1000) + "\n");
    }

    public static String digestSubject(Digest d) {
        return subject("[DIGEST] " + d.total() + " incident" + (d.total() == 1 ? "" : "s") + " (ERROR/WARNING)");
    }

    private static String counts(Digest d, boolean html) {
        String sources = d.bySource().entrySet().stream()
                .map(e -> (html ? escapeHtml(e.getKey()) : e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        long otherSources = d.sources() - d.bySource().size();
        return "By severity: " + join(d.bySeverity()) + "\nBy source: " + sources
                + (otherSources > 0 ? ", and " + otherSources + " more source" + (otherSources == 1 ? "" : "s") : "") + "\n";
    }

    private static String join(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The head, then one line per listed incident while the message stays within {@code max}, then "and N more". */
    private static String listWithin(StringBuilder text, Digest d, int max, java.util.function.Function<Incident, String> line) {
        long shown = 0;
        for (Incident i : d.listed()) {
            String l = line.apply(i);
            long rest = d.total() - shown - 1;
            if (text.length() + l.length() + (rest > 0 ? more(rest).length() : 0) > max) {
                break;
            }
            text.append(l);
            shown++;
        }
        if (shown < d.total()) {
            text.append(more(d.total() - shown));
        }
        return text.toString();
    }

    private static String more(long n) {
        return "\n\n... and " + n + " more (GET /api/incidents/summary, or logs/incidents.ndjson)";
    }

    /** The text as it is when it has at most {@code max} characters, else cut on a code point with "..." to {@code max}. */
    static String within(String raw, int max) {
        if (raw.length() <= max) {
            return raw;
        }
        int end = 0;
        while (end < raw.length()) {
            int next = end + Character.charCount(raw.codePointAt(end));
            if (next + CUT.length() > max) {
                break;
            }
            end = next;
        }
        return raw.substring(0, end) + CUT;
    }

    /** Telegram's HTML parse mode: &amp;, &lt; and &gt; are the characters that must be escaped in text. */
    public static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
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
