package requests;

import java.nio.charset.StandardCharsets;

import base.Timestamps;

/**
 * The fast path of {@link RequestEventParser}, for the shape producers write: one flat JSON
 * object whose values are plain strings (printable ASCII, no escapes), plain numbers (no exponent,
 * at most 15 digits), true, false or null. It only ever answers "a valid event" (and fills it) or
 * "not sure"; anything else (nesting, escapes, non-ASCII, a long number, an invalid field) goes to
 * the Jackson parser, which decides and words the error. A test holds the two to the same reading
 * of every line. Ingest spends most of its time here (docs/benchmarks.md).
 */
final class FlatEventScanner {
    /** Up to 15 digits, a decimal is an exact long over an exact power of ten (10^15 < 2^53). */
    private static final int MAX_DIGITS = 15;
    /** Longer field names go to Jackson, which refuses names beyond its own limit (50,000 by default). */
    private static final int MAX_NAME = 64;
    private static final double[] POW10 = new double[MAX_DIGITS + 1];
    /** The bytes a string may hold on this path: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];
    private static final byte[] STATUS = bytes("status");
    private static final byte[] LATENCY = bytes("latency_ms");
    private static final byte[] ERROR = bytes("error");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");
    private static final byte[] NULL = bytes("null");

    static {
        POW10[0] = 1;
        for (int k = 1; k < POW10.length; k++) {
            POW10[k] = POW10[k - 1] * 10;
        }
        for (int c = 0x20; c <= 0x7e; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    /** The line being scanned, the end of it, and the next byte to read. */
    private byte[] b;
    private int end;
    private int i;
    /** The last number read, and whether it was written as an integer. */
    private double number;
    private boolean integer;
    /** The digits of the number being read, as an integer. */
    private long mantissa;

    /**
     * True when the line is a valid event, now in {@code out}; false: ask Jackson. A scanner is
     * reused line after line (one per thread): made per line, it cost an allocation each.
     */
    boolean scan(byte[] line, int off, int len, RequestEvent out) {
        b = line;
        i = off;
        end = off + len;
        out.reset();
        boolean valid = object(out) && out.epochMillis >= 0 && out.latencyMs >= 0;
        b = null; // not holding on to the reader's buffer
        return valid;
    }

    private boolean object(RequestEvent out) {
        if (!spaceThen('{')) {
            return false;
        }
        do {
            if (!spaceThen('"')) {
                return false;
            }
            int name = i;
            if (!stringRest()) {
                return false;
            }
            int nameLength = i - 1 - name; // i is past the closing quote
            if (nameLength > MAX_NAME || !spaceThen(':')) {
                return false;
            }
            skipSpace();
            if (!field(name, nameLength, out)) {
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

    /** Reads a field's value by the same rules as RequestEventParser's Jackson path; other fields are skipped. */
    private boolean field(int name, int length, RequestEvent out) {
        switch (length) {
            case 2:
                if (b[name] == 't' && b[name + 1] == 's') {
                    return ts(out);
                }
                if (b[name] == 'o' && b[name + 1] == 'k') {
                    return ok(out);
                }
                break;
            case 5:
                if (is(ERROR, name)) {
                    out.failed |= !at('n');
                    return skipValue();
                }
                break;
            case 6:
                if (is(STATUS, name)) {
                    return status(out);
                }
                break;
            case 10:
                if (is(LATENCY, name)) {
                    return latency(out);
                }
                break;
            default:
                break;
        }
        return skipValue();
    }

    private boolean ts(RequestEvent out) {
        if (take('"')) {
            int start = i;
            if (!stringRest()) {
                return false;
            }
            out.epochMillis = Timestamps.fromIso(b, start, i - 1 - start);
        } else {
            if (!number()) {
                return false;
            }
            out.epochMillis = Timestamps.fromNumber(number);
        }
        return out.epochMillis >= 0;
    }

    private boolean latency(RequestEvent out) {
        if (!number() || number < 0) {
            return false;
        }
        out.latencyMs = number;
        return true;
    }

    private boolean status(RequestEvent out) {
        if (at('n')) {
            return literal(NULL);
        }
        if (!number() || !integer || number < 100 || number > 599) {
            return false;
        }
        out.failed |= number >= 500;
        return true;
    }

    private boolean ok(RequestEvent out) {
        if (at('f')) {
            boolean valid = literal(FALSE);
            out.failed |= valid;
            return valid;
        }
        return at('t') ? literal(TRUE) : literal(NULL);
    }

    /** A plain string, a plain number or a literal; anything else is left to Jackson. */
    private boolean skipValue() {
        if (take('"')) {
            return stringRest();
        }
        if (at('t')) {
            return literal(TRUE);
        }
        if (at('f')) {
            return literal(FALSE);
        }
        return at('n') ? literal(NULL) : number();
    }

    /** The rest of a string after its opening quote, up to and past its closing quote. */
    private boolean stringRest() {
        int k = i;
        while (k < end && PLAIN[b[k] & 0xff]) {
            k++;
        }
        if (k >= end || b[k] != '"') {
            return false; // an escape, a control or non-ASCII byte, or no closing quote
        }
        i = k + 1;
        return true;
    }

    /**
     * JSON's -?(0|[1-9][0-9]*)(.[0-9]+)? with at most 15 digits, into {@link #number}: an exact
     * integer divided by an exact power of ten, one correctly rounded operation, so exactly what
     * Double.parseDouble gives (Clinger's fast path). An exponent or more digits: Jackson's.
     */
    private boolean number() {
        boolean negative = take('-');
        mantissa = 0;
        boolean zero = take('0'); // a leading zero is not a digit of the mantissa
        int digits = zero ? 0 : mantissaDigits();
        if (!zero && digits == 0) {
            return false;
        }
        integer = !take('.');
        int fraction = integer ? 0 : mantissaDigits();
        if (!integer && fraction == 0 || moreNumber() || digits + fraction > MAX_DIGITS) {
            return false; // "1.", "01", an exponent, or too long for the fast path
        }
        if (integer) {
            number = negative ? -mantissa : mantissa; // a long to Jackson: "-0" is 0
        } else {
            double magnitude = mantissa / POW10[fraction];
            number = negative ? -magnitude : magnitude; // "-0.0" is -0.0
        }
        return true;
    }

    /** Reads digits on into {@link #mantissa}; how many. */
    private int mantissaDigits() {
        int start = i;
        long m = mantissa;
        while (i < end && isDigit(b[i])) {
            m = m * 10 + (b[i++] - '0');
        }
        mantissa = m;
        return i - start;
    }

    /** A digit or an exponent right after what was read. */
    private boolean moreNumber() {
        return i < end && (isDigit(b[i]) || b[i] == 'e' || b[i] == 'E');
    }

    private boolean literal(byte[] word) {
        if (end - i < word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[i + k] != word[k]) {
                return false;
            }
        }
        i += word.length;
        return true;
    }

    private boolean is(byte[] name, int start) {
        for (int k = 0; k < name.length; k++) {
            if (b[start + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private boolean spaceThen(char c) {
        skipSpace();
        return take(c);
    }

    private boolean at(char c) {
        return i < end && b[i] == c;
    }

    private boolean take(char c) {
        if (at(c)) {
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
