package base;

import java.nio.charset.StandardCharsets;

/**
 * The lines of an input that were not valid events: how many, and the first of them with the
 * reason, so that the log tells an operator which line to fix and how, not only that some were
 * dropped.
 */
public final class SkippedLines {
    /** Enough of a line to find it with grep; an event line is about 100 bytes. */
    private static final int SHOWN_BYTES = 160;

    private long count;
    private String first;

    public void add(byte[] line, int off, int len, String reason) {
        if (count++ == 0) {
            first = excerpt(line, off, len) + " (" + reason + ")";
        }
    }

    /** Adds the lines skipped after these (the next batch, or a split read's second half). */
    public void add(SkippedLines later) {
        if (count == 0) {
            first = later.first;
        }
        count += later.count;
    }

    public long count() {
        return count;
    }

    /** The first skipped line (its first 160 bytes) and, in parentheses, why; null when none was skipped. */
    public String first() {
        return first;
    }

    private static String excerpt(byte[] line, int off, int len) {
        int cut = Math.min(len, SHOWN_BYTES);
        while (cut < len && cut > 0 && (line[off + cut] & 0xC0) == 0x80) {
            cut--; // not in the middle of a UTF-8 character
        }
        String text = new String(line, off, cut, StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder(text.length() + 3);
        text.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return len > SHOWN_BYTES ? shown.append("...").toString() : shown.toString();
    }
}
