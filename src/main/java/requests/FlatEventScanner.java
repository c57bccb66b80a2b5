package requests;

import java.nio.charset.StandardCharsets;

import app.Timestamps;

/**
 * The fast path of {@link RequestEventParser}, for the shape producers write: one flat JSON
 * object whose values are plain strings (printable ASCII, no escapes), plain numbers, true,
 * false or null. It only ever answers "a valid event" (and fills it) or "not sure"; anything
 * else (nesting, escapes, non-ASCII, a long number, an invalid field) goes to the Jackson
 * parser, which decides and words the error. The benchmark measured Jackson's per-line set-up
 * and token walk at about three times the cost of this scan (README, Benchmarks).
 */
final class FlatEventScanner {
    /** Beyond this, a number goes to Jackson, which enforces its own length limits. */
    private static final int MAX_NUMBER_CHARS = 100;
    /** 10^0..10^22 are exact doubles, so a division by one of them is correctly rounded. */
    private static final double[] POW10 = new double[23];
    private static final byte[] TS = bytes("ts");
    private static final byte[] LATENCY = bytes("latency_ms");
    private static final byte[] STATUS = bytes("status");
    private static final byte[] OK = bytes("ok");
    private static final byte[] ERROR = bytes("error");

    static {
        POW10[0] = 1;
        for (int k = 1; k < POW10.length; k++) {
            POW10[k] = POW10[k - 1] * 10;
        }
    }

    private enum Kind { STRING, INT, FLOAT, TRUE, FALSE, NULL }

    private final byte[] b;
    private final int end;
    private int i;
    /** The last value: its kind and its text (a string without its quotes). */
    private Kind kind;
    private int valueStart;
    private int valueEnd;

    private FlatEventScanner(byte[] b, int off, int len) {
        this.b = b;
        this.i = off;
        this.end = off + len;
    }

    /** True when the line is a valid event, now in {@code out}; false: ask Jackson. */
    static boolean scan(byte[] b, int off, int len, RequestEvent out) {
        out.reset();
        return new FlatEventScanner(b, off, len).object(out) && out.epochMillis >= 0 && out.latencyMs >= 0;
    }

    private boolean object(RequestEvent out) {
        skipSpace();
        if (!take('{')) {
            return false;
        }
        do {
            skipSpace();
            if (!value() || kind != Kind.STRING) {
                return false;
            }
            int nameStart = valueStart;
            int nameEnd = valueEnd;
            skipSpace();
            if (!take(':')) {
                return false;
            }
            skipSpace();
            if (!value() || !field(nameStart, nameEnd, out)) {
                return false;
            }
            skipSpace();
        } while (take(','));
        if (!take('}')) {
            return false;
        }
        skipSpace();
        return i == end;
    }

    /** The same rules as RequestEventParser's Jackson path, for the values this scanner reads. */
    private boolean field(int nameStart, int nameEnd, RequestEvent out) {
        if (is(TS, nameStart, nameEnd)) {
            out.epochMillis = kind == Kind.STRING ? Timestamps.fromIso(b, valueStart, valueEnd - valueStart)
                    : isNumber() ? Timestamps.fromNumber(number()) : -1;
            return out.epochMillis >= 0;
        }
        if (is(LATENCY, nameStart, nameEnd)) {
            double ms = isNumber() ? number() : -1;
            out.latencyMs = ms;
            return Double.isFinite(ms) && ms >= 0;
        }
        if (is(STATUS, nameStart, nameEnd)) {
            if (kind == Kind.NULL) {
                return true;
            }
            if (kind != Kind.INT || valueEnd - valueStart != 3) {
                return false;
            }
            int status = (int) number();
            out.failed |= status >= 500;
            return status >= 100 && status <= 599;
        }
        if (is(OK, nameStart, nameEnd)) {
            out.failed |= kind == Kind.FALSE;
            return kind == Kind.TRUE || kind == Kind.FALSE || kind == Kind.NULL;
        }
        if (is(ERROR, nameStart, nameEnd)) {
            out.failed |= kind != Kind.NULL;
        }
        return true;
    }

    /** Reads a string, number or literal; false for anything else (objects and arrays too). */
    private boolean value() {
        if (i >= end) {
            return false;
        }
        byte c = b[i];
        if (c == '"') {
            return string();
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return numberToken();
        }
        return literal("true", Kind.TRUE) || literal("false", Kind.FALSE) || literal("null", Kind.NULL);
    }

    private boolean string() {
        valueStart = ++i;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                valueEnd = i++;
                kind = Kind.STRING;
                return true;
            }
            if (c == '\\' || c < 0x20 || c > 0x7e) {
                return false;
            }
            i++;
        }
        return false;
    }

    // JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private boolean numberToken() {
        valueStart = i;
        take('-');
        if (take('0')) {
            if (i < end && isDigit(b[i])) {
                return false;
            }
        } else if (digits() == 0) {
            return false;
        }
        kind = Kind.INT;
        if (take('.')) {
            kind = Kind.FLOAT;
            if (digits() == 0) {
                return false;
            }
        }
        if (take('e') || take('E')) {
            kind = Kind.FLOAT;
            if (!take('+')) {
                take('-');
            }
            if (digits() == 0) {
                return false;
            }
        }
        valueEnd = i;
        return valueEnd - valueStart <= MAX_NUMBER_CHARS;
    }

    /**
     * The number's value, as Double.parseDouble gives it: a plain decimal of at most 15 digits is
     * an exact integer divided by an exact power of ten (one correctly rounded operation, Clinger's
     * fast path, as 10^15 < 2^53); anything longer or with an exponent goes to Double.parseDouble.
     */
    private double number() {
        long mantissa = 0;
        int fractionDigits = -1;
        int digits = 0;
        int k = valueStart;
        boolean negative = b[k] == '-';
        if (negative) {
            k++;
        }
        for (; k < valueEnd; k++) {
            byte c = b[k];
            if (c == '.') {
                fractionDigits = 0;
            } else if (isDigit(c) && digits < 15) {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                fractionDigits += fractionDigits >= 0 ? 1 : 0;
            } else {
                return Double.parseDouble(new String(b, valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII));
            }
        }
        if (kind == Kind.INT) {
            return negative ? -mantissa : mantissa; // Jackson reads an int as a long: "-0" is 0, not -0.0
        }
        double v = mantissa / POW10[Math.max(0, fractionDigits)];
        return negative ? -v : v;
    }

    private boolean literal(String word, Kind k) {
        int n = word.length();
        if (end - i < n) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (b[i + j] != word.charAt(j)) {
                return false;
            }
        }
        i += n;
        kind = k;
        return true;
    }

    private int digits() {
        int start = i;
        while (i < end && isDigit(b[i])) {
            i++;
        }
        return i - start;
    }

    private boolean isNumber() {
        return kind == Kind.INT || kind == Kind.FLOAT;
    }

    private boolean is(byte[] name, int start, int stop) {
        if (stop - start != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (b[start + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private boolean take(char c) {
        if (i < end && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
