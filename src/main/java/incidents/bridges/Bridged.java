package incidents.bridges;

import java.util.Locale;

import incidents.Incident;

/** What the bridges share: the severity a sender's word means, and text cut to what a raise takes. */
final class Bridged {
    private Bridged() {
    }

    /**
     * critical/page -> CRITICAL, error/high -> ERROR, info/low/none -> INFO, anything else
     * (warning, missing, unknown) -> WARNING: an alert from elsewhere is never dropped for its word.
     */
    static String severity(String word) {
        return switch (word == null ? "" : word.trim().toLowerCase(Locale.ROOT)) {
            case "critical", "page" -> "CRITICAL";
            case "error", "high" -> "ERROR";
            case "info", "low", "none" -> "INFO";
            default -> "WARNING";
        };
    }

    static String msg(String text) {
        return cut(text, Incident.MAX_MSG);
    }

    static String source(String text) {
        return cut(text, Incident.MAX_SOURCE);
    }

    private static String cut(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, codePoints - 3)) + "...";
    }
}
