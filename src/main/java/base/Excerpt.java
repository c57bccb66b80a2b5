package base;

/**
 * Client input quoted back in an error reply: at most {@value #MAX_CHARS} characters of it, then
 * how long it really was. One place for every message that echoes what was sent, so that a
 * megabyte-long value costs its sender a short error, not a megabyte-long answer.
 */
public final class Excerpt {
    public static final int MAX_CHARS = 200;

    private Excerpt() {
    }

    /** The input itself when short enough, else its first {@value #MAX_CHARS} characters and its length. */
    public static String of(String input) {
        if (input == null || input.length() <= MAX_CHARS) {
            return input;
        }
        int cut = MAX_CHARS;
        if (Character.isHighSurrogate(input.charAt(cut - 1))) {
            cut--; // never half a character
        }
        return input.substring(0, cut) + "... (" + input.length() + " characters)";
    }
}
