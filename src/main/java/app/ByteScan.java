package app;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the first byte of a kind in a byte range, eight bytes at a time: ingest splits and scans
 * every input byte, and a byte-at-a-time loop cost more than Jackson's whole parse of the same
 * file (README, Benchmarks). The word tests are the "has zero byte" and "has less than" tricks of
 * Sean Anderson's Bit Twiddling Hacks. In each, a flag can be wrong only above a true one (a
 * borrow runs upwards), so the lowest flag of a word, the one taken, is always exact.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = '\n' * ONES;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long DELS = 0x7f * ONES;
    private static final long SPACES = ' ' * ONES;

    private ByteScan() {
    }

    /** The index of the first '\n' in b[from, to), or -1. */
    public static int nextNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long flags = zeroBytes((long) LONGS.get(b, i) ^ NEWLINES);
            if (flags != 0) {
                return i + lowestFlagged(flags);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the first byte in b[from, to) that a plain JSON string cannot hold as itself:
     * the closing quote, a backslash, a control character, DEL or a non-ASCII byte; {@code to}
     * when there is none.
     */
    public static int plainStringEnd(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i);
            long flags = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | zeroBytes(w ^ DELS)
                    | (w - SPACES) & ~w & HIGHS // below ' ' (an ASCII byte: the high bit is tested apart)
                    | w & HIGHS; // non-ASCII
            if (flags != 0) {
                return i + lowestFlagged(flags);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || c < ' ' || c == 0x7f) { // a non-ASCII byte is negative, below ' '
                return i;
            }
        }
        return to;
    }

    private static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    private static int lowestFlagged(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }
}
